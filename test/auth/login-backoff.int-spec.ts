import {
  databaseFor,
  describeIf,
  SERVER_DATABASE_URL,
  SERVER_REDIS_URL,
  testConfig,
  uniqueName,
} from '../support/test-env';
import { readJson, RunningApp, startApi } from '../support/http-app';
import { FAST_AUTH_ENV, PASSWORD, postJson, registerAccount, uniqueEmail } from '../support/accounts';

/** Three failures lock an account for 1 s, then 2 s (the cap); the IP limit is out of the way. */
const BACKOFF_ENV = {
  ...FAST_AUTH_ENV,
  LOGIN_BACKOFF_THRESHOLD: '3',
  LOGIN_BACKOFF_BASE_SECONDS: '1',
  LOGIN_BACKOFF_MAX_SECONDS: '2',
};

const login = (app: RunningApp, email: string, password: string) =>
  postJson(`${app.url}/api/v1/auth/login`, { email, password });

async function expectLocked(res: Response): Promise<number> {
  expect(res.status).toBe(429);
  const retryAfter = Number(res.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  const body = await readJson(res);
  expect(body).toMatchObject({
    statusCode: 429,
    error: 'Too Many Requests',
    requestId: res.headers.get('x-request-id'),
  });
  return retryAfter;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('failed logins back off (in memory)', () => {
  const apps: RunningApp[] = [];
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const a of apps) await a.close();
    for (const c of cleanups) await c();
  });
  async function start(env: Record<string, string>): Promise<RunningApp> {
    const db = await databaseFor('embedded');
    cleanups.push(db.cleanup);
    const app = await startApi(testConfig({ ...db.env, ...env }));
    apps.push(app);
    return app;
  }

  let shared: RunningApp;
  beforeAll(async () => {
    shared = await start(BACKOFF_ENV);
  });

  it('locks an account after repeated failures, even against the right password, until the window passes', async () => {
    const app = shared;
    const { email } = await registerAccount(app.url);
    for (let i = 0; i < 3; i++) expect((await login(app, email, 'wrong password!!')).status).toBe(401);
    const retryAfter = await expectLocked(await login(app, email, PASSWORD));
    expect(retryAfter).toBeLessThanOrEqual(1);
    // Other accounts from the same client are not locked by it.
    const other = await registerAccount(app.url);
    expect((await login(app, other.email, PASSWORD)).status).toBe(200);

    await sleep(retryAfter * 1000 + 100);
    expect((await login(app, email, PASSWORD)).status).toBe(200);
    // Success cleared the count: it takes the full threshold again to lock.
    for (let i = 0; i < 2; i++) expect((await login(app, email, 'wrong password!!')).status).toBe(401);
    expect((await login(app, email, PASSWORD)).status).toBe(200);
  });

  it('doubles the lock with each further failure, up to the maximum', async () => {
    const app = shared;
    const { email } = await registerAccount(app.url);
    for (let i = 0; i < 3; i++) await login(app, email, 'wrong password!!');
    await sleep(1100);
    expect((await login(app, email, 'wrong password!!')).status).toBe(401); // the 4th failure: 2 s
    expect(await expectLocked(await login(app, email, PASSWORD))).toBe(2);
  });

  it('locks a client IP that fails across many accounts', async () => {
    const app = await start({ ...BACKOFF_ENV, LOGIN_BACKOFF_THRESHOLD: '100', LOGIN_BACKOFF_IP_THRESHOLD: '3' });
    const victim = await registerAccount(app.url);
    for (let i = 0; i < 3; i++) expect((await login(app, uniqueEmail('guess'), 'wrong password!!')).status).toBe(401);
    await expectLocked(await login(app, victim.email, PASSWORD));
  });

  it('throttles login and register far below the global limit, each route on its own', async () => {
    const app = await start({ ...FAST_AUTH_ENV, AUTH_THROTTLE_LIMIT: '3', AUTH_THROTTLE_TTL_SECONDS: '30' });
    const codes: number[] = [];
    let last!: Response;
    for (let i = 0; i < 4; i++) {
      last = await login(app, uniqueEmail('nobody'), 'wrong password!!');
      codes.push(last.status);
    }
    expect(codes).toEqual([401, 401, 401, 429]);
    await expectLocked(last);
    expect(
      (await postJson(`${app.url}/api/v1/auth/register`, { email: uniqueEmail(), password: PASSWORD })).status,
    ).toBe(201);
    expect((await fetch(`${app.url}/api/v1/health`)).status).toBe(200);
  });
});

describeIf(!!SERVER_REDIS_URL && !!SERVER_DATABASE_URL, 'REDIS_URL and DATABASE_URL are not both set')(
  'failed logins back off across api instances (Redis)',
  () => {
    const apps: RunningApp[] = [];
    const cleanups: Array<() => Promise<void>> = [];
    beforeAll(async () => {
      const prefix = uniqueName('backoff');
      // One database, two processes: the lock must be seen by both.
      const db = await databaseFor('server');
      cleanups.push(db.cleanup);
      for (let i = 0; i < 2; i++) {
        apps.push(
          await startApi(
            testConfig({ ...db.env, ...BACKOFF_ENV, REDIS_URL: SERVER_REDIS_URL, REDIS_KEY_PREFIX: prefix }),
          ),
        );
      }
    });
    afterAll(async () => {
      for (const a of apps) await a.close();
      for (const c of cleanups) await c();
    });

    it('counts failures on both instances together and locks on both', async () => {
      const [a, b] = apps;
      const { email } = await registerAccount(a.url);
      expect((await login(a, email, 'wrong password!!')).status).toBe(401);
      expect((await login(b, email, 'wrong password!!')).status).toBe(401);
      expect((await login(a, email, 'wrong password!!')).status).toBe(401);
      const retryAfter = await expectLocked(await login(b, email, PASSWORD));
      await expectLocked(await login(a, email, PASSWORD));
      await sleep(retryAfter * 1000 + 100);
      expect((await login(b, email, PASSWORD)).status).toBe(200);
    });
  },
);
