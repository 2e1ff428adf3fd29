import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createWorkerApp } from '../../apps/worker/src/worker-app';
import { FAST_AUTH_ENV, registerAccount, uniqueEmail, type Account } from '../support/accounts';
import { markdownDoc, prose } from '../support/document-fixtures';
import { startFakeOpenAi, type FakeOpenAiServer } from '../support/fake-embedding-servers';
import { RunningApp, startApi } from '../support/http-app';
import {
  databaseFor,
  databaseModes,
  SERVER_DATABASE_URL,
  SERVER_REDIS_URL,
  testConfig,
  uniqueName,
} from '../support/test-env';
import { DocumentsClient } from '../documents/documents-client';
import { ApiCaller, Json } from './admin-client';

type Setup = { label: string; mode: 'embedded' | 'server'; bullmq: boolean };

/*
 * A real job failure, retried through the admin API: ingestion fails at once because the embedding
 * provider refuses our key (401, which retrying cannot fix); once the provider is fine again, the retried
 * job makes the document ready. Embedded and server databases with the in-process driver, and BullMQ with
 * a worker app when REDIS_URL is set.
 */
const SETUPS: Setup[] = [
  ...databaseModes().map((mode) => ({ label: `${mode} database, in-process jobs`, mode, bullmq: false })),
  ...(SERVER_DATABASE_URL && SERVER_REDIS_URL
    ? [{ label: 'server database, BullMQ jobs and a worker', mode: 'server' as const, bullmq: true }]
    : []),
];

describe.each(SETUPS)('admin API: queues ($label)', (setup) => {
  let app: RunningApp;
  let worker: NestFastifyApplication | undefined;
  let cleanup: () => Promise<void>;
  let embeddings: FakeOpenAiServer;
  let admin: Account;
  let ops: ApiCaller;
  let docs: DocumentsClient;

  beforeAll(async () => {
    const db = await databaseFor(setup.mode);
    cleanup = db.cleanup;
    embeddings = await startFakeOpenAi({ dimension: 1536, apiKey: 'sk-admin-queues' });
    const config = testConfig({
      ...db.env,
      ...FAST_AUTH_ENV,
      EMBEDDING_PROVIDER: 'openai',
      OPENAI_API_KEY: 'sk-admin-queues',
      OPENAI_BASE_URL: embeddings.baseUrl,
      ...(setup.bullmq ? { REDIS_URL: SERVER_REDIS_URL, REDIS_KEY_PREFIX: uniqueName('adminq') } : {}),
    });
    app = await startApi(config);
    if (setup.bullmq) {
      worker = await createWorkerApp(config);
      await worker.listen({ port: 0, host: '127.0.0.1' });
    }
    admin = await registerAccount(app.url, uniqueEmail('admin'));
    ops = new ApiCaller(app.url, admin);
    docs = new DocumentsClient(app.url, await registerAccount(app.url, uniqueEmail('member')));
  });
  afterAll(async () => {
    await app?.close();
    await worker?.close();
    await embeddings?.close();
    await cleanup?.();
  });

  const ingestion = async () =>
    (await ops.get('/admin/queues')).body.queues.find((q: Json) => q.name === 'ingestion').counts;

  /** A retried document keeps its `failed` status until its job runs again: wait for `ready` itself. */
  async function becomesReady(documentId: string): Promise<Json> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const { body } = await docs.get(`/documents/${documentId}`);
      if (body.status === 'ready' || Date.now() > deadline) return body;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async function failedIngestion(topic: string): Promise<{ documentId: string; jobId: string }> {
    embeddings.answerNext({ kind: 'status', status: 401, message: 'Incorrect API key provided' });
    const up = await docs.upload([{ name: `${topic}.md`, bytes: markdownDoc([[topic, prose(topic, 4)]]) }]);
    expect(up.status).toBe(202);
    const doc = await docs.settled(up.body.id);
    expect(doc).toMatchObject({ status: 'failed', failureReason: 'embedder_unavailable' });
    // onFailed marks the document before the driver records the job as failed.
    const deadline = Date.now() + 15_000;
    for (;;) {
      const page = await ops.get('/admin/queues/ingestion/failed?limit=200');
      const job = page.body.items.find((j: Json) => j.payload.documentId === doc.id);
      if (job) return { documentId: doc.id, jobId: job.id };
      if (Date.now() > deadline) throw new Error('the failed job never showed');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('shows the counts of every queue and the failed jobs with the reason of their last run', async () => {
    const { documentId, jobId } = await failedIngestion('pumps');
    const overview = await ops.get('/admin/queues');
    expect(overview.status).toBe(200);
    expect(overview.body.driver).toBe(setup.bullmq ? 'bullmq' : 'in-process');
    expect(overview.body.queues.map((q: Json) => q.name)).toEqual(['ingestion', 'maintenance', 'evaluation']);
    expect((await ingestion()).failed).toBe(1);

    const failed = await ops.get('/admin/queues/ingestion/failed');
    expect(failed.body.total).toBe(1);
    expect(failed.body.items[0]).toMatchObject({
      id: jobId,
      name: 'ingest',
      queue: 'ingestion',
      payload: { documentId },
      attemptsMade: 1,
    });
    expect(failed.body.items[0].failedReason).toMatch(/401|key/i);
    expect((await ops.get('/admin/queues/nowhere/failed')).status).toBe(404);
    expect((await ops.get('/admin/queues/ingestion/failed?limit=0')).status).toBe(400);
  });

  it('retries a failed job, which then succeeds, and audits it', async () => {
    const failed = await ops.get('/admin/queues/ingestion/failed');
    const job = failed.body.items[0];
    const retried = await ops.call('POST', `/admin/queues/ingestion/failed/${job.id}/retry`);
    expect(retried.status).toBe(200);
    expect(retried.body).toEqual({ retried: 1 });
    expect(await becomesReady(job.payload.documentId)).toMatchObject({ status: 'ready', failureReason: null });
    expect((await ingestion()).failed).toBe(0);
    expect((await ops.call('POST', `/admin/queues/ingestion/failed/${job.id}/retry`)).status).toBe(404);

    const [event] = await ops.auditEvents('type=jobs_retried&targetId=ingestion');
    expect(event).toMatchObject({
      actorUserId: admin.userId,
      targetType: 'queue',
      targetId: 'ingestion',
      details: { jobIds: [job.id], count: 1 },
    });
  });

  it('retries every failed job of a queue at once', async () => {
    const first = await failedIngestion('valves');
    const second = await failedIngestion('seals');
    const res = await ops.call('POST', '/admin/queues/ingestion/failed/retry');
    expect(res.body).toEqual({ retried: 2 });
    for (const { documentId } of [first, second]) {
      expect(await becomesReady(documentId)).toMatchObject({ status: 'ready' });
    }
    expect((await ops.call('POST', '/admin/queues/ingestion/failed/retry')).body).toEqual({ retried: 0 });
    // Both calls are audited, newest first, with how many jobs each retried.
    const [nothing, both] = await ops.auditEvents('type=jobs_retried&targetId=ingestion');
    expect(nothing).toMatchObject({ actorUserId: admin.userId, details: { all: true, count: 0 } });
    expect(both).toMatchObject({ actorUserId: admin.userId, details: { all: true, count: 2 } });
  });

  it('cleans finished jobs older than the given age', async () => {
    // A job is recorded completed just after its document turns ready: wait for the three retried ones.
    const deadline = Date.now() + 15_000;
    let before = await ingestion();
    while (before.completed < 3 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      before = await ingestion();
    }
    expect(before.completed).toBeGreaterThanOrEqual(3);
    const young = await ops.call('POST', '/admin/queues/ingestion/clean', {
      state: 'completed',
      olderThanSeconds: 3600,
    });
    expect(young.body).toEqual({ cleaned: 0 });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const all = await ops.call('POST', '/admin/queues/ingestion/clean', { state: 'completed', olderThanSeconds: 1 });
    expect(all.body).toEqual({ cleaned: before.completed });
    expect((await ingestion()).completed).toBe(0);
    expect(
      (await ops.call('POST', '/admin/queues/ingestion/clean', { state: 'waiting', olderThanSeconds: 1 })).status,
    ).toBe(400);
    const [event] = await ops.auditEvents('type=jobs_cleaned');
    expect(event.details).toMatchObject({ state: 'completed', olderThanSeconds: 1, count: before.completed });
  });
});
