import { join } from 'node:path';
import { LlmRouter, LlmRouterException, type ChatRequest } from '@docqa/llm-router';
import { FAST_AUTH_ENV, registerAccount, uniqueEmail, type Account } from '../support/accounts';
import { markdownDoc, prose } from '../support/document-fixtures';
import { FakeOpenAiChatServer } from '../support/fake-llm-servers';
import { RunningApp, startApi } from '../support/http-app';
import { databaseFor, databaseModes, testConfig } from '../support/test-env';
import { writeTinyModel, type TinyModel } from '../support/tiny-model';
import { DocumentsClient } from '../documents/documents-client';
import { ApiCaller, Json } from './admin-client';

const SECRETS = {
  JWT_SECRET: 'jwt-secret-for-the-admin-config-test-0123456789abcdef',
  ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
  OPENAI_API_KEY: 'sk-admin-ops-openai-key-000000',
  METRICS_TOKEN: 'metrics-token-for-the-admin-config-test',
  CO_API_KEY: 'co-admin-ops-cohere-key-000000',
};

const ask = (question: string): ChatRequest => ({ messages: [{ role: 'user', content: question }] });

describe.each(databaseModes())('admin API: system, providers and re-indexing (%s database)', (mode) => {
  let app: RunningApp;
  let cleanup: () => Promise<void>;
  let llm: FakeOpenAiChatServer;
  let tiny: TinyModel;
  let admin: Account;
  let member: Account;
  let ops: ApiCaller;

  beforeAll(async () => {
    const db = await databaseFor(mode);
    cleanup = db.cleanup;
    llm = await new FakeOpenAiChatServer('openai', { apiKey: SECRETS.OPENAI_API_KEY }).start();
    const modelsDir = join(db.env.DATA_DIR, 'models');
    tiny = await writeTinyModel(modelsDir, { dimension: 48 });
    app = await startApi(
      testConfig({
        ...db.env,
        ...FAST_AUTH_ENV,
        ...SECRETS,
        OPENAI_BASE_URL: llm.baseUrl,
        LLM_CHAIN: 'openai,offline',
        LLM_MAX_RETRIES: '0',
        EMBEDDING_PROVIDER: 'offline',
        MODELS_DIR: modelsDir,
      }),
    );
    admin = await registerAccount(app.url, uniqueEmail('admin'));
    member = await registerAccount(app.url, uniqueEmail('member'));
    ops = new ApiCaller(app.url, admin);
  });
  afterAll(async () => {
    await app?.close();
    await llm?.close();
    await cleanup?.();
  });

  it('reports the versions of what it runs on, and its run mode', async () => {
    const res = await ops.get('/admin/system');
    expect(res.status).toBe(200);
    expect(res.body.versions).toMatchObject({
      app: '0.1.0',
      node: process.version,
      postgres: expect.stringMatching(/^\d+(\.\d+)?/),
      pgvector: expect.stringMatching(/^\d+\.\d+/),
      redis: null,
    });
    expect(res.body.runMode).toEqual({ database: mode, jobs: 'in-process', rateLimits: 'memory' });
    expect(res.body.environment).toBe('test');
  });

  it('shows the configuration without a single secret value', async () => {
    const res = await ops.get('/admin/system/config');
    expect(res.status).toBe(200);
    for (const value of Object.values(SECRETS)) expect(res.text).not.toContain(value);
    const byName = new Map(res.body.items.map((e: Json) => [e.name, e]));
    for (const name of Object.keys(SECRETS)) {
      expect(byName.get(name)).toMatchObject({ value: '[redacted]', source: 'env', secret: true });
    }
    expect(byName.get('LLM_CHAIN')).toMatchObject({ value: ['openai', 'offline'], source: 'env', secret: false });
    expect(byName.get('JOB_ATTEMPTS')).toMatchObject({ value: 3, source: 'default' });
    expect(byName.get('GROQ_API_KEY')).toMatchObject({ value: null, source: 'unset', secret: true });
    if (mode === 'server') expect(byName.get('DATABASE_URL')).toMatchObject({ value: '[redacted]', secret: true });
  });

  it('lists the applied migrations, none pending', async () => {
    const res = await ops.get('/admin/system/migrations');
    expect(res.status).toBe(200);
    expect(res.body.pending).toEqual([]);
    expect(res.body.unknown).toEqual([]);
    const names = res.body.applied.map((m: Json) => m.name);
    expect(names[0]).toBe('Init1795521416882');
    expect(names).toContain('AdminApi1795546300003');
  });

  it("shows the providers' circuits, their recent failed attempts and the calls that failed", async () => {
    const router = app.app.get(LlmRouter);
    const context = { workspaceId: member.personalWorkspaceId, requestId: 'req-admin-ops-1' };
    llm.answerNext({ kind: 'status', status: 500, message: 'upstream is on fire' });
    // OpenAI fails, the offline answerer takes over: the call succeeds, the failed attempt is still news.
    expect((await router.chat(ask('who answers?'), context)).provider).toBe('offline');
    llm.answerNext({ kind: 'status', status: 503 });
    await expect(router.chat(ask('no fallback'), { ...context, chain: ['openai'] })).rejects.toBeInstanceOf(
      LlmRouterException,
    );

    const res = await ops.get('/admin/providers');
    expect(res.status).toBe(200);
    expect(res.body.circuits).toEqual([
      expect.objectContaining({ provider: 'openai', state: 'closed', consecutiveFailures: 2 }),
    ]);
    expect(res.body.recentErrors.map((e: Json) => [e.provider, e.outcome, e.status])).toEqual([
      ['openai', 'server_error', 503],
      ['openai', 'server_error', 500],
    ]);
    expect(res.body.recentErrors[1]).toMatchObject({
      workspaceId: member.personalWorkspaceId,
      requestId: 'req-admin-ops-1',
    });
    expect(res.body.failedCalls).toEqual([
      expect.objectContaining({ provider: 'openai', errorCode: 'LLM_PROVIDERS_FAILED', calls: 1 }),
    ]);
    expect((await ops.get('/admin/providers?sinceHours=0')).status).toBe(400);
  });

  it('re-indexes a workspace with another embedder, with progress, and skips what needs nothing', async () => {
    const docs = new DocumentsClient(app.url, member);
    const col = (await docs.send('POST', '/collections', { name: 'Manuals' })).body;
    for (const topic of ['pumps', 'valves']) {
      const up = await docs.upload([{ name: `${topic}.md`, bytes: markdownDoc([[topic, prose(topic, 12)]]) }], {
        collectionId: col.id,
      });
      expect((await docs.settled(up.body.id)).status).toBe('ready');
    }

    const started = await ops.call('POST', '/admin/reindex', {
      embedderId: tiny.embedderId,
      workspaceId: member.personalWorkspaceId,
    });
    expect(started.status).toBe(202);
    expect(started.body).toEqual({ embedderId: tiny.embedderId, started: [col.id], skipped: [] });

    const deadline = Date.now() + 60_000;
    let progress: Json;
    do {
      progress = (await ops.get('/admin/reindex')).body;
      if (progress.running) {
        expect(progress.items[0]).toMatchObject({
          collectionId: col.id,
          status: 'running',
          targetEmbedderId: tiny.embedderId,
        });
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } while (progress.running && Date.now() < deadline);
    expect(progress).toMatchObject({ items: [], running: 0, failed: 0 });
    expect(progress.embedders).toEqual(expect.arrayContaining([{ embedderId: tiny.embedderId, collections: 1 }]));
    expect((await docs.get(`/collections/${col.id}`)).body).toMatchObject({
      embedderId: tiny.embedderId,
      reindex: null,
    });

    const again = await ops.call('POST', '/admin/reindex', { embedderId: tiny.embedderId, collectionIds: [col.id] });
    expect(again.body).toEqual({
      embedderId: tiny.embedderId,
      started: [],
      skipped: [{ collectionId: col.id, reason: 'already_on_embedder' }],
    });
    expect((await ops.call('POST', '/admin/reindex', { embedderId: 'local:nobody/no-such-model' })).status).toBe(400);
    const unknown = await ops.call('POST', '/admin/reindex', {
      embedderId: tiny.embedderId,
      collectionIds: ['00000000-0000-4000-8000-000000000000'],
    });
    expect(unknown.status).toBe(404);

    const [event] = await ops.auditEvents('type=reindex_started');
    expect(event).toMatchObject({
      actorUserId: admin.userId,
      targetType: 'embedder',
      details: { embedderId: tiny.embedderId, scope: 'collections', started: [] },
    });
    const [first] = await ops.auditEvents(`type=reindex_started&targetId=${member.personalWorkspaceId}`);
    expect(first.details).toMatchObject({ scope: 'workspace', started: [col.id] });
  });
});
