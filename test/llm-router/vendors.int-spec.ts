import { DEFAULT_MODELS, NO_ANSWER_IN_CONTEXT, type ChatRequest, type ChatResult } from '@docqa/llm-router';
import { bearer, registerAccount, uniqueEmail, type Account } from '../support/accounts';
import { fakeAnswer, type AnyFakeLlmServer, type FakeLlmVendor } from '../support/fake-llm-servers';
import { databaseModes } from '../support/test-env';
import {
  collect,
  FAST_LLM_ENV,
  getJson,
  providerEnv,
  startFakes,
  startLlmApp,
  textOf,
  type Fakes,
  type LlmTestApp,
} from './llm-test-app';

type Hosted = 'groq' | 'openai' | 'anthropic' | 'cohere' | 'gemini' | 'openai-compatible';

/** Which fake serves each provider, and which wire dialect its answers are in. */
const FAKE: Record<Hosted, { server: (f: Fakes) => AnyFakeLlmServer; vendor: FakeLlmVendor }> = {
  groq: { server: (f) => f.groq, vendor: 'groq' },
  openai: { server: (f) => f.openai, vendor: 'openai' },
  anthropic: { server: (f) => f.anthropic, vendor: 'anthropic' },
  cohere: { server: (f) => f.cohere, vendor: 'cohere' },
  gemini: { server: (f) => f.gemini, vendor: 'openai' },
  'openai-compatible': { server: (f) => f.compatible, vendor: 'openai' },
};
const HOSTED = Object.keys(FAKE) as Hosted[];

const SEARCH = {
  name: 'search_documents',
  description: 'Searches the workspace documents',
  parameters: { type: 'object', properties: { query: { type: 'string' } }, required: ['query'] },
};

function doneOf(events: Awaited<ReturnType<typeof collect>>): ChatResult {
  const last = events.at(-1);
  if (last?.type !== 'done') throw new Error(`expected done, got ${JSON.stringify(last)}`);
  return last.result;
}

/**
 * One streaming interface over seven providers: each hosted provider through its real SDK against its fake,
 * and the offline answerer. Text, tool calls, JSON output, usage and cost come out the same way.
 */
describe.each(databaseModes())('LLM router over every provider (%s database)', (mode) => {
  let fakes: Fakes;
  let llm: LlmTestApp;
  let user: Account;
  const context = (chain?: string[]) => ({ workspaceId: user.personalWorkspaceId, userId: user.userId, chain });

  beforeAll(async () => {
    fakes = await startFakes();
    llm = await startLlmApp(mode, { ...providerEnv(fakes), ...FAST_LLM_ENV });
    user = await registerAccount(llm.app.url, uniqueEmail('vendors'));
  });
  afterEach(() => fakes.reset());
  afterAll(async () => {
    await llm?.close();
    await fakes?.close();
  });

  it.each(HOSTED)('%s: streams the answer, then its usage, cost and whose key served it', async (provider) => {
    const { server, vendor } = FAKE[provider];
    const question = `What does ${provider} say?`;
    const events = await collect(
      llm.router.stream({ messages: [{ role: 'user', content: question }] }, context([provider])),
    );
    const model = provider === 'openai-compatible' ? 'llama3.1:8b' : DEFAULT_MODELS[provider];
    expect(events[0]).toMatchObject({
      type: 'start',
      provider,
      model,
      keySource: provider === 'openai-compatible' ? 'none' : 'platform',
    });
    expect(events.slice(1, -1).every((e) => e.type === 'text')).toBe(true);
    expect(events.length).toBeGreaterThan(5);
    expect(textOf(events)).toBe(fakeAnswer(vendor, question));
    const result = doneOf(events);
    expect(result).toMatchObject({ provider, model, text: textOf(events), finishReason: 'stop', toolCalls: [] });
    expect(server(fakes).requests[0].body.model).toBe(model);
    if (provider === 'openai-compatible') {
      // This server reports no usage: the counts are estimated, and the model has no price.
      expect(result.usage).toMatchObject({ estimated: true });
      expect(result.usage.outputTokens).toBeGreaterThan(0);
      expect(result).toMatchObject({ costUsd: 0, priced: false });
    } else {
      const reported = server(fakes).reported[0];
      expect(result.usage).toEqual({ ...reported, estimated: false });
      expect(result.priced).toBe(true);
      expect(result.costUsd).toBeGreaterThan(0);
    }
    expect(result.timeToFirstTokenMs).toBeLessThanOrEqual(result.latencyMs);
  });

  it.each(HOSTED)('%s: streams tool calls, complete and parsed, and sends tool results back', async (provider) => {
    const { server } = FAKE[provider];
    server(fakes).answerNext({
      kind: 'reply',
      toolCalls: [{ name: 'search_documents', arguments: { query: 'warranty terms' } }],
    });
    const request: ChatRequest = {
      messages: [
        { role: 'user', content: 'What is the warranty?' },
        {
          role: 'assistant',
          toolCalls: [{ id: 'call_1', name: 'search_documents', arguments: { query: 'warranty' } }],
        },
        { role: 'tool', toolCallId: 'call_1', content: 'No results.' },
      ],
      tools: [SEARCH],
      toolChoice: 'required',
    };
    const events = await collect(llm.router.stream(request, context([provider])));
    const calls = events.filter((e) => e.type === 'tool_call');
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      type: 'tool_call',
      toolCall: { name: 'search_documents', arguments: { query: 'warranty terms' } },
    });
    const result = doneOf(events);
    expect(result.finishReason).toBe('tool_calls');
    expect(result.toolCalls).toEqual([calls[0].type === 'tool_call' && calls[0].toolCall]);
    expect(JSON.stringify(server(fakes).requests[0].body)).toContain('No results.');
  });

  it.each(HOSTED)('%s: answers in JSON when asked, parsed into the result', async (provider) => {
    const result = await llm.router.chat(
      {
        messages: [{ role: 'user', content: 'Answer in JSON' }],
        responseFormat: {
          type: 'json_schema',
          name: 'answer',
          schema: { type: 'object', properties: { answer: { type: 'string' } } },
        },
      },
      context([provider]),
    );
    expect(result.json).toEqual({
      answer: fakeAnswer(FAKE[provider].vendor, 'Answer in JSON'),
      vendor: FAKE[provider].vendor,
    });
  });

  it('gives hosted models the documents as numbered sources and reads their [id] citations', async () => {
    fakes.anthropic.answerNext({ kind: 'reply', text: 'Two years [policy-2], free returns [returns-1].' });
    const result = await llm.router.chat(
      {
        messages: [{ role: 'user', content: 'Warranty and returns?' }],
        documents: [
          { id: 'policy-2', title: 'Policy, page 2', text: 'The warranty lasts two years.' },
          { id: 'returns-1', text: 'Returns are free.' },
          { id: 'unused-3', text: 'Unrelated.' },
        ],
      },
      context(['anthropic']),
    );
    expect(result.citations).toEqual([{ documentId: 'policy-2' }, { documentId: 'returns-1' }]);
    const system = String(fakes.anthropic.requests[0].body.system);
    expect(system).toContain('[policy-2] (Policy, page 2)\nThe warranty lasts two years.');
    expect(system).toContain('cite the source');
  });

  it('answers offline only from the given context, with citations, and says so when the context lacks the answer', async () => {
    const documents = [{ id: 'manual-p4', text: 'Reset the router by holding the power button for ten seconds.' }];
    const answered = await llm.router.chat(
      { messages: [{ role: 'user', content: 'How do I reset the router?' }], documents },
      context(['offline']),
    );
    expect(answered).toMatchObject({
      provider: 'offline',
      model: 'extractive',
      keySource: 'none',
      text: 'Reset the router by holding the power button for ten seconds. [manual-p4]',
      citations: [{ documentId: 'manual-p4', quote: 'Reset the router by holding the power button for ten seconds.' }],
      costUsd: 0,
      usage: { estimated: true },
    });
    const unanswered = await llm.router.chat(
      { messages: [{ role: 'user', content: 'Who won the 1998 World Cup?' }], documents },
      context(['offline']),
    );
    expect(unanswered).toMatchObject({ text: NO_ANSWER_IN_CONTEXT, citations: [] });
    const json = await llm.router.chat(
      {
        messages: [{ role: 'user', content: 'How do I reset the router?' }],
        documents,
        responseFormat: { type: 'json_object' },
      },
      context(['offline']),
    );
    expect(json.json).toMatchObject({ answered: true, citations: ['manual-p4'] });
  });

  it('follows every configured provider in the default order when nobody set a chain: groq first', async () => {
    const result = await llm.router.chat({ messages: [{ role: 'user', content: 'default?' }] }, context());
    expect(result.provider).toBe('groq');
    const chain = await getJson(`${llm.app.url}/api/v1/llm/chain`, bearer(user.accessToken));
    expect(chain.body).toEqual({
      chain: null,
      source: 'default',
      effectiveChain: [
        'groq:llama-3.3-70b-versatile',
        'openai:gpt-4o-mini',
        'anthropic:claude-haiku-4-5',
        'cohere:command-a-03-2025',
        'gemini:gemini-2.5-flash',
        'openai-compatible:llama3.1:8b',
        'offline:extractive',
      ],
    });
  });

  it('cancels the provider request when the consumer stops reading, and records the call as cancelled', async () => {
    const slow = fakes.openai;
    const stream = llm.router.stream(
      { messages: [{ role: 'user', content: 'a long answer that nobody reads to the end' }] },
      context(['openai:cancel-model']),
    );
    for await (const event of stream) if (event.type === 'text') break;
    await llm.router.flushUsage();
    const usage = await getJson(`${llm.app.url}/api/v1/usage`, bearer(user.accessToken));
    expect(usage.body.rows.find((r: { model: string }) => r.model === 'cancel-model')).toMatchObject({
      calls: 1,
      failedCalls: 1,
    });
    expect(slow.requests).toHaveLength(1);
  });
});
