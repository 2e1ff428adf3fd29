import { databaseFor, describeWithRedis, testConfig, uniqueName, SERVER_REDIS_URL } from '../support/test-env';
import { readJson, RunningApp, startProbeApp } from '../support/http-app';

async function statuses(urls: string[]): Promise<{ codes: number[]; last: Response }> {
  const codes: number[] = [];
  let last!: Response;
  for (const url of urls) {
    last = await fetch(`${url}/api/v1/probe/slow?ms=0`);
    codes.push(last.status);
  }
  return { codes, last };
}

async function expectTooManyRequests(res: Response): Promise<void> {
  expect(res.status).toBe(429);
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  const body = await readJson(res);
  expect(body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
  expect(body.requestId).toBe(res.headers.get('x-request-id'));
}

describe('global rate limit, in memory (no Redis)', () => {
  let app: RunningApp;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    const db = await databaseFor('embedded');
    cleanup = db.cleanup;
    app = await startProbeApp(testConfig({ ...db.env, THROTTLE_LIMIT: '3', THROTTLE_TTL_SECONDS: '30' }));
  });
  afterAll(async () => {
    await app?.close();
    await cleanup?.();
  });

  it('answers 429 with Retry-After past the limit and never throttles the probes', async () => {
    const { codes, last } = await statuses(Array(5).fill(app.url));
    expect(codes).toEqual([200, 200, 200, 429, 429]);
    await expectTooManyRequests(last);
    for (let i = 0; i < 5; i++) expect((await fetch(`${app.url}/api/v1/health`)).status).toBe(200);
  });
});

describeWithRedis('global rate limit shared through Redis', () => {
  const apps: RunningApp[] = [];
  const cleanups: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    const prefix = uniqueName('throttle');
    for (let i = 0; i < 2; i++) {
      const db = await databaseFor('embedded');
      cleanups.push(db.cleanup);
      apps.push(
        await startProbeApp(
          testConfig({
            ...db.env,
            REDIS_URL: SERVER_REDIS_URL,
            REDIS_KEY_PREFIX: prefix,
            THROTTLE_LIMIT: '5',
            THROTTLE_TTL_SECONDS: '30',
          }),
        ),
      );
    }
  });
  afterAll(async () => {
    for (const a of apps) await a.close();
    for (const c of cleanups) await c();
  });

  it('counts requests to two app instances together', async () => {
    const [a, b] = apps;
    const { codes, last } = await statuses([a.url, b.url, a.url, b.url, a.url, b.url, a.url]);
    expect(codes).toEqual([200, 200, 200, 200, 200, 429, 429]);
    await expectTooManyRequests(last);
  });
});
