import { registerAccount, OFFLINE_APP_ENV } from '../support/accounts';
import { markdownDoc } from '../support/document-fixtures';
import { FakeOpenAiChatServer, fakeCompatibleLlmEnv } from '../support/fake-llm-servers';
import { startApi, type RunningApp } from '../support/http-app';
import { databaseFor, databaseModes, testConfig } from '../support/test-env';
import { ChatClient } from './chat-client';

const ROBOT_DOC = markdownDoc([
  ['Warranty', 'The X200 warehouse robot comes with a warranty of three years. The warranty covers the motors.'],
  ['Pricing', 'The X200 robot costs 42000 euros.'],
]);

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.each(databaseModes())('POST /chat with a hosted model (%s)', (mode) => {
  let db: { env: Record<string, string>; cleanup(): Promise<void> };
  let fake: FakeOpenAiChatServer;
  let api: RunningApp;
  let client: ChatClient;

  beforeAll(async () => {
    db = await databaseFor(mode);
    // Slow chunks: a streamed answer takes long enough to be cancelled half-way.
    fake = await new FakeOpenAiChatServer('openai', { chunkDelayMs: 150 }).start();
    api = await startApi(
      testConfig({
        ...db.env,
        ...OFFLINE_APP_ENV,
        ...fakeCompatibleLlmEnv(fake.baseUrl),
        AGENT_SSE_HEARTBEAT_MS: '50',
      }),
    );
    client = new ChatClient(api.url, await registerAccount(api.url));
    await client.ingest('robots.md', ROBOT_DOC);
  });
  afterAll(async () => {
    await api?.close();
    await fake?.close();
    await db?.cleanup();
  });
  beforeEach(() => fake.reset());

  it('grades with JSON, answers with fenced, masked sources, and regenerates an answer with an unsupported claim', async () => {
    fake.answerNext(
      { kind: 'reply', text: '{"relevant":[1]}' },
      { kind: 'reply', text: 'The X200 robot comes with a warranty of three years [1]. It also flies to Mars [7].' },
      { kind: 'reply', text: 'The X200 warehouse robot comes with a warranty of three years [1].' },
    );
    const res = await client.chat({ question: 'For ada.lovelace@example.com: how long is the X200 warranty?' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      outcome: 'answered',
      answer: 'The X200 warehouse robot comes with a warranty of three years [1].',
      verification: { supported: 1, removed: 1, invalidCitations: 1, regenerated: true },
      usage: { llmCalls: 3, models: ['openai-compatible:fake-model'] },
    });
    expect(res.body.usage.inputTokens).toBeGreaterThan(0);
    expect(res.body.citations).toEqual([
      {
        n: 1,
        chunkId: res.body.sources[0].chunkId,
        documentId: res.body.sources[0].documentId,
        start: 0,
        end: res.body.answer.length,
      },
    ]);
    expect(fake.requests).toHaveLength(3);
    const [grade, generate] = fake.requests.map((r) => r.body);
    // A compatible server gets JSON mode with the schema in the prompt.
    expect((grade.response_format as { type: string }).type).toMatch(/^json_(object|schema)$/);
    expect(JSON.stringify(grade.messages)).toContain('relevant');
    const sent = JSON.stringify(generate.messages);
    // Passages fenced as data under a random marker; the email never left.
    expect(sent).toMatch(/BEGIN DATA-[0-9a-f]{12} id=1/);
    expect(sent).not.toContain('ada.lovelace@example.com');
    expect(sent).toContain('<EMAIL_ADDRESS_1>');
  });

  it('says so when the model finds nothing relevant, after one correction loop', async () => {
    fake.answerAlways({ kind: 'reply', text: '{"relevant":[]}' });
    const res = await client.chat({ question: 'How long is the X200 warranty?' });
    fake.answerAlways(undefined);
    expect(res.body).toMatchObject({ outcome: 'unanswerable', loops: 1, citations: [] });
    // The grade, then the correction query (whose search found nothing to grade); no answer was generated.
    expect(fake.requests).toHaveLength(2);
    expect(JSON.stringify(fake.requests[1].body.messages)).toContain('found no passage');
  });

  it('stops the run and its LLM call when the client disconnects, with heartbeats before', async () => {
    fake.answerNext({ kind: 'reply', text: '{"relevant":[1]}' });
    const conversationsBefore = (await client.get('/conversations')).body.items.length;
    // The registry is per process: other apps of this file may have counted cancelled runs already.
    const cancelled = async () => {
      const metrics = await (await fetch(`${api.url}/metrics`)).text();
      return Number(/agent_runs_total\{outcome="cancelled"\} (\d+)/.exec(metrics)?.[1] ?? 0);
    };
    const cancelledBefore = await cancelled();
    const closedBefore = fake.closedByClient;
    const controller = new AbortController();
    const res = await fetch(`${api.url}/api/v1/chat`, {
      method: 'POST',
      headers: client.headers({ 'content-type': 'application/json', accept: 'text/event-stream' }),
      body: JSON.stringify({ question: 'How long is the X200 warranty?' }),
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    let text = '';
    while (!text.includes('event: token')) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`stream ended before any token:\n${text}`);
      text += new TextDecoder().decode(value);
    }
    expect(text).toContain(': heartbeat');
    expect(text.indexOf('event: sources')).toBeLessThan(text.indexOf('event: token'));
    controller.abort();
    await until(() => fake.closedByClient > closedBefore);
    await until(async () => (await cancelled()) === cancelledBefore + 1);
    expect((await client.get('/conversations')).body.items).toHaveLength(conversationsBefore);
  });
});
