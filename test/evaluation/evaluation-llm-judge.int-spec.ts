import { FAST_AUTH_ENV, registerAccount } from '../support/accounts';
import { markdownDoc } from '../support/document-fixtures';
import { FakeOpenAiChatServer } from '../support/fake-llm-servers';
import { startApi, type RunningApp } from '../support/http-app';
import { databaseFor, databaseModes, testConfig } from '../support/test-env';
import type { ApiJson } from '../documents/documents-client';
import { EvaluationClient, jsonl } from './evaluation-client';

/**
 * One JSON object that answers every judge prompt (each metric reads its own key): a judge that finds
 * everything supported, useful and relevant.
 */
const AGREEING_JUDGE = JSON.stringify({
  ok: true,
  statements: [{ statement: 'the answer', supported: true, reason: 'stated' }],
  verdict: 'direct',
  verdicts: [{ id: '1', useful: true }],
  sentences: [1, 2, 3].map((id) => ({ id: String(id), attributed: true })),
  citations: [1, 2, 3, 4, 5, 6].map((id) => ({ id: String(id), supported: true })),
});

const SECRET_EMAIL = 'help@kettle-support.example';

const ITEMS = [
  {
    question: 'How long is the warranty period of the kettle?',
    groundTruth: 'The warranty period of the kettle is two years from the date of purchase.',
    referenceContexts: ['The warranty period of the kettle is two years from the date of purchase.'],
  },
  {
    question: 'Within how many days are returns accepted?',
    groundTruth: `Returns are accepted within 30 days of delivery. Questions go to ${SECRET_EMAIL}.`,
  },
];

describe.each(databaseModes())('evaluation judged by a hosted LLM (%s database)', (mode) => {
  let db: { env: Record<string, string>; cleanup(): Promise<void> };
  let llm: FakeOpenAiChatServer;
  let api: RunningApp;
  let client: EvaluationClient;
  let datasetId: string;

  beforeAll(async () => {
    db = await databaseFor(mode);
    llm = await new FakeOpenAiChatServer('openai', { apiKey: 'sk-judge' }).start();
    llm.answerAlways({ kind: 'reply', text: AGREEING_JUDGE });
    api = await startApi(
      testConfig({
        ...db.env,
        ...FAST_AUTH_ENV,
        EMBEDDING_PROVIDER: 'offline',
        OPENAI_API_KEY: 'sk-judge',
        OPENAI_BASE_URL: llm.baseUrl,
        THROTTLE_LIMIT: '100000',
        PRINCIPAL_THROTTLE_LIMIT: '100000',
        LLM_RATE_LIMIT_PER_MINUTE: '100000',
      }),
    );
    client = new EvaluationClient(api.url, await registerAccount(api.url));
    await client.ingest(
      'kettle.md',
      markdownDoc([
        ['Warranty', 'The warranty period of the kettle is two years from the date of purchase.'],
        ['Returns', 'Returns are accepted within 30 days of delivery.'],
      ]),
    );
    const up = await client.uploadDataset(jsonl(ITEMS), { name: 'kettle' });
    expect(up.status).toBe(201);
    datasetId = up.body.id;
  });

  afterAll(async () => {
    await api?.close();
    await llm?.close();
    await db?.cleanup();
  });

  it('judges every metric with the hosted model, asking for JSON, and labels the scores llm', async () => {
    llm.reset().answerAlways({ kind: 'reply', text: AGREEING_JUDGE });
    // The offline answerer answers; the workspace's hosted model judges.
    const run = await client.run({ datasetId, chain: ['offline'] });
    expect(run).toMatchObject({ status: 'completed', judge: 'llm', progress: { done: 2, failed: 0 } });
    expect(run.config.judge).toMatchObject({ mode: 'auto', used: 'llm', servedBy: expect.stringMatching(/^openai:/) });
    expect(run.config.chain).toEqual({ source: 'run', steps: ['offline:extractive'] });
    for (const metric of ['faithfulness', 'answerRelevancy', 'contextPrecision', 'contextRecall']) {
      expect(run.summary[metric]).toMatchObject({ judge: 'llm', mean: 1 });
    }
    // With reference passages the hit is exact matching (offline); without, the judge decides.
    expect(run.summary.hitRate).toMatchObject({ judge: 'mixed', count: 2 });

    const items = (await client.get(`/evaluation/runs/${run.id}/items`)).body.items as ApiJson[];
    expect(items[0].scores.hitRate.judge).toBe('offline');
    expect(items[1].scores.hitRate.judge).toBe('llm');
    expect(items[1].scores.faithfulness.detail).toBe('1 of 1 statements supported by the passages');

    const judged = llm.requests.filter((r) => (r.body.response_format as ApiJson)?.type === 'json_schema');
    const names = new Set(judged.map((r) => (r.body.response_format as ApiJson).json_schema.name));
    expect(names).toEqual(
      new Set(['faithfulness', 'answer_relevancy', 'context_usefulness', 'context_recall', 'citation_precision']),
    );
    // Retrieved passages and texts go in fenced as data, and personal data is masked before it leaves.
    const prompt = JSON.stringify(
      judged.find((r) => (r.body.response_format as ApiJson).json_schema.name === 'context_recall')!.body.messages,
    );
    expect(prompt).toMatch(/BEGIN DATA-[0-9a-f]{12}/);
    expect(prompt).toContain('Returns are accepted within 30 days');
    for (const request of llm.requests) expect(JSON.stringify(request.body)).not.toContain(SECRET_EMAIL);
  });

  it('falls back to the offline metric, saying so, when the judge does not answer JSON', async () => {
    llm.reset().answerAlways({ kind: 'reply', text: 'I think it is all fine.' });
    const run = await client.run({ datasetId, chain: ['offline'] });
    expect(run.status).toBe('completed');
    expect(run.judge).toBe('llm');
    expect(run.summary.faithfulness.judge).toBe('offline');
    const items = (await client.get(`/evaluation/runs/${run.id}/items`)).body.items as ApiJson[];
    expect(items[0].scores.faithfulness.detail).toContain('LLM judge unusable');
  });

  it('never calls the model with judge offline', async () => {
    llm.reset().answerAlways({ kind: 'reply', text: AGREEING_JUDGE });
    const run = await client.run({ datasetId, chain: ['offline'], judge: 'offline' });
    expect(run).toMatchObject({ status: 'completed', judge: 'offline' });
    expect(run.summary.faithfulness.judge).toBe('offline');
    expect(llm.requests).toHaveLength(0);
  });

  it('fails a run that asks for an LLM judge when no hosted model can judge', async () => {
    const run = await client.run({ datasetId, chain: ['offline'], judge: 'llm', judgeChain: ['offline'] });
    expect(run.status).toBe('failed');
    expect(run.error).toContain('the run asked for an LLM judge');
    expect(run.summary).toBeNull();
  });
});
