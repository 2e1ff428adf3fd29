import {
  FakeAnthropicServer,
  FakeCohereChatServer,
  FakeOpenAiChatServer,
  fakeAnswer,
  type AnyFakeLlmServer,
  type FakeLlmVendor,
} from '../../../../test/support/fake-llm-servers';
import type { ChatRequest } from '../chat/chat-request';
import { AnthropicAdapter } from './anthropic.adapter';
import { CohereAdapter } from './cohere.adapter';
import { GroqAdapter } from './groq.adapter';
import { OpenAiChatAdapter } from './openai-chat.adapter';
import type { ProviderAdapter, ProviderEvent } from './provider-adapter';

/**
 * Each adapter, through its vendor's real SDK, against a local server speaking that vendor's wire protocol:
 * streamed text, tool calls and JSON come out as the router's events, usage as the vendor reports it, and
 * failures (429 with Retry-After, 500, 401, a cut stream) as typed failures.
 */
const KEY = 'sk-test-key-0123456789abcdef';

async function start(vendor: FakeLlmVendor): Promise<AnyFakeLlmServer> {
  const options = { apiKey: KEY };
  if (vendor === 'anthropic') return new FakeAnthropicServer(options).start();
  if (vendor === 'cohere') return new FakeCohereChatServer(options).start();
  return new FakeOpenAiChatServer(vendor, options).start();
}

function adapterFor(vendor: FakeLlmVendor, server: AnyFakeLlmServer, apiKey = KEY): ProviderAdapter {
  const common = { apiKey, baseUrl: server.baseUrl, timeoutMs: 10_000 };
  switch (vendor) {
    case 'anthropic':
      return new AnthropicAdapter(common);
    case 'cohere':
      return new CohereAdapter(common);
    case 'groq':
      return new GroqAdapter(common);
    case 'openai':
      return new OpenAiChatAdapter({
        ...common,
        provider: 'openai',
        dialect: { maxTokensField: 'max_completion_tokens', jsonSchema: true },
      });
  }
}

async function collect(
  adapter: ProviderAdapter,
  request: ChatRequest,
): Promise<{ events: ProviderEvent[]; responded: boolean }> {
  const controller = new AbortController();
  let responded = false;
  const events: ProviderEvent[] = [];
  for await (const event of adapter.stream({
    request,
    model: 'fake-model',
    signal: controller.signal,
    onResponse: () => (responded = true),
  })) {
    events.push(event);
  }
  return { events, responded };
}

const text = (events: ProviderEvent[]) => events.flatMap((e) => (e.type === 'text' ? [e.text] : [])).join('');

const SEARCH_TOOL = {
  name: 'search_documents',
  description: 'Searches the workspace documents',
  parameters: { type: 'object', properties: { query: { type: 'string' }, limit: { type: 'integer' } } },
};

describe.each<FakeLlmVendor>(['openai', 'groq', 'anthropic', 'cohere'])('%s adapter over its SDK', (vendor) => {
  let server: AnyFakeLlmServer;
  let adapter: ProviderAdapter;

  beforeAll(async () => {
    server = await start(vendor);
    adapter = adapterFor(vendor, server);
  });
  afterEach(() => server.reset());
  afterAll(() => server.close());

  it('streams the answer as text pieces, with the usage the vendor reports and a finish reason', async () => {
    const { events, responded } = await collect(adapter, {
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'What is the warranty period?' },
      ],
    });
    expect(responded).toBe(true);
    expect(text(events)).toBe(fakeAnswer(vendor, 'What is the warranty period?'));
    expect(events.filter((e) => e.type === 'text').length).toBeGreaterThan(3);
    const usage = events.filter((e) => e.type === 'usage');
    const last = Object.assign({}, ...usage.map((u) => JSON.parse(JSON.stringify(u))));
    expect(last).toMatchObject({
      inputTokens: server.reported[0].inputTokens,
      outputTokens: server.reported[0].outputTokens,
    });
    expect(events.at(-1)?.type === 'finish' || events.some((e) => e.type === 'finish')).toBe(true);
    expect(events.find((e) => e.type === 'finish')).toEqual({ type: 'finish', reason: 'stop' });
    // The key went in the vendor's own header, and the system prompt where the vendor wants it.
    const sent = server.requests[0];
    if (vendor === 'anthropic') {
      expect(sent.headers['x-api-key'] ?? sent.headers.authorization).toMatch(new RegExp(`^(Bearer )?${KEY}$`));
      expect(sent.body.system).toBe('Be brief.');
    } else {
      expect(sent.headers.authorization).toBe(`Bearer ${KEY}`);
    }
    expect(sent.body.stream).toBe(true);
  });

  it('streams tool calls with their arguments joined from the pieces, and sends tool results back', async () => {
    server.answerNext({
      kind: 'reply',
      toolCalls: [
        { name: 'search_documents', arguments: { query: 'warranty', limit: 3 } },
        { name: 'search_documents', arguments: { query: 'returns' } },
      ],
    });
    const { events } = await collect(adapter, {
      messages: [
        { role: 'user', content: 'Find the warranty' },
        {
          role: 'assistant',
          toolCalls: [{ id: 'call_prev', name: 'search_documents', arguments: { query: 'earlier' } }],
        },
        { role: 'tool', toolCallId: 'call_prev', content: 'earlier result' },
      ],
      tools: [SEARCH_TOOL],
      toolChoice: 'auto',
    });
    const starts = events.filter((e) => e.type === 'tool_call_start');
    expect(starts.map((s) => s.type === 'tool_call_start' && s.name)).toEqual(['search_documents', 'search_documents']);
    const args = (index: number) =>
      events
        .filter((e) => e.type === 'tool_call_delta' && e.index === index)
        .map((e) => (e.type === 'tool_call_delta' ? e.arguments : ''))
        .join('');
    const indexes = starts.map((s) => (s.type === 'tool_call_start' ? s.index : -1));
    expect(JSON.parse(args(indexes[0]))).toEqual({ query: 'warranty', limit: 3 });
    expect(JSON.parse(args(indexes[1]))).toEqual({ query: 'returns' });
    expect(events.find((e) => e.type === 'finish')).toEqual({ type: 'finish', reason: 'tool_calls' });
    const body = JSON.stringify(server.requests[0].body);
    expect(body).toContain('search_documents');
    expect(body).toContain('earlier result');
    expect(body).toContain('call_prev');
  });

  it('asks for JSON in the vendor way and streams a JSON answer', async () => {
    const { events } = await collect(adapter, {
      messages: [{ role: 'user', content: 'Summarise as JSON' }],
      responseFormat: { type: 'json_schema', name: 'answer', schema: { type: 'object', properties: {} } },
    });
    expect(JSON.parse(text(events))).toEqual({ answer: fakeAnswer(vendor, 'Summarise as JSON'), vendor });
  });

  it('reads a 429 with Retry-After as rate limited, with the wait in milliseconds', async () => {
    server.answerNext({ kind: 'status', status: 429, retryAfter: '7', message: 'slow down' });
    const err = await collect(adapter, { messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(adapter.failure(err)).toMatchObject({ kind: 'rate_limited', status: 429, retryAfterMs: 7000 });
    expect(adapter.failure(err).message).toContain('slow down');
  });

  it('reads a 500 as a server error and a 401 as an auth failure, without echoing the key', async () => {
    server.answerNext({ kind: 'status', status: 500 });
    const err = await collect(adapter, { messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(adapter.failure(err)).toMatchObject({ kind: 'server_error', status: 500 });
    const wrongKey = 'sk-wrong-key-abcdefghijklmnop';
    const unauthorised = await collect(adapterFor(vendor, server, wrongKey), {
      messages: [{ role: 'user', content: 'hi' }],
    }).catch((e: unknown) => e);
    const failure = adapterFor(vendor, server, wrongKey).failure(unauthorised);
    expect(failure).toMatchObject({ kind: 'auth', status: 401 });
    expect(failure.message).not.toContain(wrongKey);
  });

  it('fails with a connection failure when the stream is cut, after the text that did arrive', async () => {
    server.answerNext({ kind: 'cut', afterChunks: 2 });
    const seen: ProviderEvent[] = [];
    const controller = new AbortController();
    let error: unknown;
    try {
      for await (const e of adapter.stream({
        request: { messages: [{ role: 'user', content: 'tell me a long story' }] },
        model: 'fake-model',
        signal: controller.signal,
        onResponse: () => undefined,
      })) {
        seen.push(e);
      }
    } catch (err) {
      error = err;
    }
    expect(error).toBeDefined();
    expect(seen.filter((e) => e.type === 'text')).toHaveLength(2);
    expect(adapter.failure(error).kind).toBe('connection');
  });
});
