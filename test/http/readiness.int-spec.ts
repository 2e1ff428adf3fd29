import {
  createTempDatabase,
  describeWithPostgres,
  describeWithRedis,
  tempDataDir,
  testConfig,
  uniqueName,
  SERVER_REDIS_URL,
  TempDatabase,
  TempDir,
} from '../support/test-env';
import { readJson, RunningApp, startApi } from '../support/http-app';
import { TcpProxy } from '../support/tcp-proxy';

async function readiness(
  app: RunningApp,
): Promise<{ status: number; body: { message?: string; details?: Record<string, { status: string }> } }> {
  const res = await fetch(`${app.url}/api/v1/ready`);
  return { status: res.status, body: await readJson(res) };
}

/** Polls readiness until it reports `status` (dependencies take a moment to be noticed and to reconnect). */
async function eventually(
  app: RunningApp,
  status: number,
  timeoutMs = 20_000,
): Promise<Awaited<ReturnType<typeof readiness>>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await readiness(app);
    if (r.status === status || Date.now() > deadline) return r;
    await new Promise((res) => setTimeout(res, 250));
  }
}

describeWithPostgres('readiness follows PostgreSQL going away and coming back', () => {
  let db: TempDatabase;
  let data: TempDir;
  let proxy: TcpProxy;
  let app: RunningApp;

  beforeAll(async () => {
    db = await createTempDatabase();
    data = await tempDataDir();
    const target = new URL(db.url);
    proxy = await new TcpProxy(target.hostname, Number(target.port || 5432)).start();
    app = await startApi(
      testConfig({ DATA_DIR: data.dir, DATABASE_URL: proxy.url(db.url), READY_CHECK_TIMEOUT_MS: '1000' }),
    );
  });
  afterAll(async () => {
    await app?.close();
    await proxy?.cut();
    await db?.drop();
    await data?.cleanup();
  });

  it('answers 503 naming the database while it is unreachable, and 200 once it returns', async () => {
    expect((await readiness(app)).status).toBe(200);
    await proxy.cut();
    const down = await eventually(app, 503);
    expect(down.status).toBe(503);
    expect(down.body.message).toMatch(/^not ready: .*database \(/);
    expect((await fetch(`${app.url}/api/v1/health`)).status).toBe(200); // liveness is unaffected
    await proxy.restore();
    expect((await eventually(app, 200)).status).toBe(200);
  });
});

describeWithRedis('readiness follows Redis going away and coming back', () => {
  let data: TempDir;
  let proxy: TcpProxy;
  let app: RunningApp;

  beforeAll(async () => {
    data = await tempDataDir();
    const target = new URL(SERVER_REDIS_URL!);
    proxy = await new TcpProxy(target.hostname, Number(target.port || 6379)).start();
    app = await startApi(
      testConfig({
        DATA_DIR: data.dir,
        REDIS_URL: proxy.url(SERVER_REDIS_URL!),
        REDIS_KEY_PREFIX: uniqueName('ready'),
        READY_CHECK_TIMEOUT_MS: '1000',
      }),
    );
  });
  afterAll(async () => {
    await app?.close();
    await proxy?.cut();
    await data?.cleanup();
  });

  it('answers 503 naming redis and the queues while Redis is unreachable, and 200 once it returns', async () => {
    const up = await readiness(app);
    expect(up.status).toBe(200);
    expect(Object.keys(up.body.details!).sort()).toEqual([
      'database',
      'disk',
      'llm',
      'queue:evaluation',
      'queue:ingestion',
      'queue:maintenance',
      'redis',
    ]);
    expect(up.body.details!['queue:ingestion']).toMatchObject({ status: 'up', driver: 'bullmq' });
    await proxy.cut();
    const down = await eventually(app, 503);
    expect(down.status).toBe(503);
    expect(down.body.message).toContain('redis (');
    expect(down.body.message).toContain('queue:ingestion (');
    await proxy.restore();
    expect((await eventually(app, 200)).status).toBe(200);
  });
});

describe('readiness checks free disk space', () => {
  let data: TempDir;
  let app: RunningApp;
  beforeAll(async () => {
    data = await tempDataDir();
    // No disk has a petabyte free: the check must fail and say why.
    app = await startApi(testConfig({ DATA_DIR: data.dir, READY_MIN_FREE_DISK_MB: String(1024 ** 3) }));
  });
  afterAll(async () => {
    await app?.close();
    await data?.cleanup();
  });

  it('answers 503 naming the disk when DATA_DIR has too little space', async () => {
    const r = await readiness(app);
    expect(r.status).toBe(503);
    expect(r.body.message).toMatch(/not ready: disk \(only \d+ MiB free in DATA_DIR\)/);
  });
});
