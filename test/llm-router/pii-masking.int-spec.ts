import type { ChatRequest, ChatResult } from '@docqa/llm-router';
import { bearer, postJson, registerAccount, uniqueEmail, type Account } from '../support/accounts';
import type { AnyFakeLlmServer } from '../support/fake-llm-servers';
import { readJson } from '../support/http-app';
import { databaseModes } from '../support/test-env';
import {
  collect,
  FAST_LLM_ENV,
  providerEnv,
  startFakes,
  startLlmApp,
  textOf,
  type Fakes,
  type LlmTestApp,
} from './llm-test-app';

const EMAIL = 'ada.lovelace@example.com';
const CARD = '4111 1111 1111 1111';
const IBAN = 'DE89 3704 0044 0532 0130 00';
const PHONE = '+44 20 7946 0958';
const SECRETS = [EMAIL, CARD, IBAN, PHONE, '4111111111111111', 'DE89370400440532013000'];
const METRICS_TOKEN = 'metrics-token-for-pii-tests';

type Hosted = 'openai' | 'anthropic' | 'cohere';
const SERVER: Record<Hosted, (f: Fakes) => AnyFakeLlmServer> = {
  openai: (f) => f.openai,
  anthropic: (f) => f.anthropic,
  cohere: (f) => f.cohere,
};

function doneOf(events: Awaited<ReturnType<typeof collect>>): ChatResult {
  const last = events.at(-1);
  if (last?.type !== 'done') throw new Error(`expected done, got ${JSON.stringify(last)}`);
  return last.result;
}

/**
 * The router masks personal data by the workspace's safety policy before any text leaves for an external
 * provider (checked on what the fake vendors received), and the caller gets the originals back.
 */
describe.each(databaseModes())('PII masking of LLM calls (%s database)', (mode) => {
  let fakes: Fakes;
  let llm: LlmTestApp;
  let user: Account;
  const context = (chain: string[]) => ({ workspaceId: user.personalWorkspaceId, userId: user.userId, chain });
  const request = (): ChatRequest => ({
    messages: [
      { role: 'system', content: 'Answer briefly.' },
      { role: 'user', content: `My e-mail is ${EMAIL} and I paid with ${CARD}. Call me on ${PHONE}.` },
    ],
    documents: [{ id: 'd1', title: `Invoice for ${EMAIL}`, text: `Refunds go to ${IBAN}; questions to ${EMAIL}.` }],
  });
  const setPolicy = async (body: unknown) => {
    const res = await postJson(`${llm.app.url}/api/v1/safety/policy`, body, bearer(user.accessToken), 'PUT');
    expect(res.status).toBe(200);
  };
  const piiCounted = async (entity: string): Promise<number> => {
    const res = await fetch(`${llm.app.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    const text = await res.text();
    const line = text
      .split('\n')
      .find(
        (l) =>
          l.startsWith('safety_pii_entities_total{') && l.includes(`entity="${entity}"`) && l.includes('target="llm"'),
      );
    return line ? Number(line.split(' ').at(-1)) : 0;
  };

  beforeAll(async () => {
    fakes = await startFakes();
    llm = await startLlmApp(mode, { ...providerEnv(fakes), ...FAST_LLM_ENV, METRICS_TOKEN });
    user = await registerAccount(llm.app.url, uniqueEmail('pii'));
  });
  afterEach(() => fakes.reset());
  afterAll(async () => {
    await llm?.close();
    await fakes?.close();
  });

  it.each(Object.keys(SERVER) as Hosted[])(
    '%s: sends tokens instead of personal data and streams the answer with the originals',
    async (provider) => {
      const emailsBefore = await piiCounted('EMAIL_ADDRESS');
      const events = await collect(llm.router.stream(request(), context([provider])));
      const body = JSON.stringify(SERVER[provider](fakes).requests[0].body);
      for (const secret of SECRETS) expect(body).not.toContain(secret);
      expect(body).toContain('<EMAIL_ADDRESS_1>');
      expect(body).toContain('<CREDIT_CARD_1>');
      expect(body).toContain('<IBAN_CODE_1>');
      expect(body).toContain('<PHONE_NUMBER_1>');
      // The model is told to keep the tokens as they are.
      expect(body).toContain('write its placeholder exactly as given');
      // The fake answers with the question it received (tokens), the caller reads the originals.
      const streamed = textOf(events);
      expect(streamed).toContain(`My e-mail is ${EMAIL} and I paid with ${CARD}`);
      expect(streamed).not.toContain('<EMAIL_ADDRESS_1>');
      expect(doneOf(events).text).toBe(streamed);
      // One e-mail in the question, one in the title, one in the passage.
      expect((await piiCounted('EMAIL_ADDRESS')) - emailsBefore).toBe(3);
    },
  );

  it('restores tokens in whole answers, tool-call arguments and JSON answers', async () => {
    fakes.openai.answerNext({ kind: 'reply', text: `Write to <EMAIL_ADDRESS_1>, not to <EMAIL_ADDRESS_9>.` });
    const whole = await llm.router.chat(request(), context(['openai']));
    expect(whole.text).toBe(`Write to ${EMAIL}, not to <EMAIL_ADDRESS_9>.`);

    fakes.openai.answerNext({
      kind: 'reply',
      toolCalls: [{ name: 'search_documents', arguments: { query: 'refunds for <EMAIL_ADDRESS_1>' } }],
    });
    const tools = await collect(
      llm.router.stream(
        {
          ...request(),
          tools: [
            { name: 'search_documents', parameters: { type: 'object', properties: { query: { type: 'string' } } } },
          ],
        },
        context(['openai']),
      ),
    );
    const call = tools.find((e) => e.type === 'tool_call');
    expect(call).toMatchObject({ toolCall: { arguments: { query: `refunds for ${EMAIL}` } } });
    expect(doneOf(tools).toolCalls[0].arguments).toEqual({ query: `refunds for ${EMAIL}` });

    fakes.openai.answerNext({ kind: 'reply', text: '{"contact":"<EMAIL_ADDRESS_1>"}' });
    const json = await llm.router.chat({ ...request(), responseFormat: { type: 'json_object' } }, context(['openai']));
    expect(json.json).toEqual({ contact: EMAIL });
  });

  it('masks earlier tool calls and tool results sent back to the model', async () => {
    await llm.router.chat(
      {
        messages: [
          { role: 'user', content: 'Who wrote the invoice?' },
          { role: 'assistant', toolCalls: [{ id: 'c1', name: 'lookup', arguments: { owner: EMAIL } }] },
          { role: 'tool', toolCallId: 'c1', content: `The invoice belongs to ${EMAIL}, card ${CARD}.` },
        ],
        tools: [{ name: 'lookup', parameters: { type: 'object' } }],
      },
      context(['openai']),
    );
    const body = JSON.stringify(fakes.openai.requests[0].body);
    for (const secret of SECRETS) expect(body).not.toContain(secret);
    // The same value has the same token in the tool call and in its result.
    expect(body.match(/<EMAIL_ADDRESS_1>/g)?.length).toBe(2);
  });

  it('leaves tokens a caller made itself alone, and never gives another value their number', async () => {
    const result = await llm.router.chat(
      { messages: [{ role: 'user', content: `Is <EMAIL_ADDRESS_1> the same person as ${EMAIL}?` }] },
      context(['openai']),
    );
    const body = JSON.stringify(fakes.openai.requests[0].body);
    expect(body).not.toContain(EMAIL);
    expect(body).toContain('Is <EMAIL_ADDRESS_1> the same person as <EMAIL_ADDRESS_2>?');
    expect(result.text).toBe(`Fake openai answer to: Is <EMAIL_ADDRESS_1> the same person as ${EMAIL}?`);
  });

  it('leaves the offline answerer the text as it is: nothing leaves the process', async () => {
    const result = await llm.router.chat(
      { messages: [{ role: 'user', content: 'Where do refunds go?' }], documents: request().documents },
      context(['offline']),
    );
    expect(result.provider).toBe('offline');
    expect(result.text).toContain(IBAN);
  });

  it('follows the workspace policy: other operators, other entities, or no masking', async () => {
    await setPolicy({ entities: ['EMAIL_ADDRESS'], llm: { enabled: true, operator: 'placeholder' } });
    try {
      const placeholder = await llm.router.chat(request(), context(['anthropic']));
      let body = JSON.stringify(fakes.anthropic.requests[0].body);
      expect(body).not.toContain(EMAIL);
      expect(body).toContain('<EMAIL_ADDRESS>');
      expect(body).toContain(CARD);
      // Placeholders are not reversible: the answer keeps them.
      expect(placeholder.text).toContain('<EMAIL_ADDRESS>');

      fakes.reset();
      await setPolicy({ llm: { enabled: false, operator: 'tokenize' } });
      await llm.router.chat(request(), context(['anthropic']));
      body = JSON.stringify(fakes.anthropic.requests[0].body);
      expect(body).toContain(EMAIL);
    } finally {
      await setPolicy({
        entities: ['EMAIL_ADDRESS', 'PHONE_NUMBER', 'CREDIT_CARD', 'IBAN_CODE', 'US_SSN'],
        llm: { enabled: true, operator: 'tokenize' },
      });
    }
    const policy = await readJson(
      await fetch(`${llm.app.url}/api/v1/safety/policy`, { headers: bearer(user.accessToken) }),
    );
    expect(policy.llm).toEqual({ enabled: true, operator: 'tokenize' });
  });
});
