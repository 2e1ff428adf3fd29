import { databaseFor, describeIf, testConfig, SERVER_DATABASE_URL, SERVER_REDIS_URL } from '../support/test-env';
import { startSharedInstances, type SharedInstances } from '../support/shared-instances';
import { readJson, RunningApp, startApi } from '../support/http-app';
import { Account, bearer, FAST_AUTH_ENV, postJson, registerAccount, uniqueEmail } from '../support/accounts';

const LIMITS = { THROTTLE_LIMIT: '1000', PRINCIPAL_THROTTLE_LIMIT: '4', THROTTLE_TTL_SECONDS: '60' };

async function statuses(urls: string[], headers: Record<string, string>): Promise<{ codes: number[]; last: Response }> {
  const codes: number[] = [];
  let last!: Response;
  for (const url of urls) {
    last = await fetch(`${url}/api/v1/auth/me`, { headers });
    codes.push(last.status);
  }
  return { codes, last };
}

/** Authenticated requests count per user and per API key, not per IP: callers behind one NAT don't share a budget. */
function principalLimitSuite(apps: () => RunningApp[]): void {
  let alice: Account;
  let bob: Account;
  let aliceKey: string;

  beforeAll(async () => {
    const [a] = apps();
    alice = await registerAccount(a.url, uniqueEmail('alice'));
    bob = await registerAccount(a.url, uniqueEmail('bob'));
    const res = await postJson(`${a.url}/api/v1/api-keys`, { name: 'ci', scopes: ['read'] }, bearer(alice.accessToken));
    aliceKey = (await readJson(res)).key;
  });

  it('gives each user and each API key its own budget and answers 429 with Retry-After past it', async () => {
    const urls = apps().map((a) => a.url);
    const round = (n: number) => Array.from({ length: n }, (_, i) => urls[i % urls.length]);
    // registerAccount already counted nothing (register is public); each principal has 4 requests.
    const first = await statuses(round(5), bearer(alice.accessToken));
    expect(first.codes).toEqual([200, 200, 200, 200, 429]);
    expect(Number(first.last.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await readJson(first.last)).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
    // Same IP, other principals: unaffected by alice's exhausted budget.
    expect((await statuses(round(4), bearer(bob.accessToken))).codes).toEqual([200, 200, 200, 200]);
    expect((await statuses(round(5), { 'x-api-key': aliceKey })).codes).toEqual([200, 200, 200, 200, 429]);
  });

  it('reports the remaining budget in X-RateLimit headers', async () => {
    const carol = await registerAccount(apps()[0].url, uniqueEmail('carol'));
    const res = await fetch(`${apps()[0].url}/api/v1/auth/me`, { headers: bearer(carol.accessToken) });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-ratelimit-limit-principal')).toBe('4');
    expect(res.headers.get('x-ratelimit-remaining-principal')).toBe('3');
  });
}

describe('per-principal rate limit, in memory', () => {
  const running: RunningApp[] = [];
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    const db = await databaseFor('embedded');
    cleanup = db.cleanup;
    running.push(await startApi(testConfig({ ...db.env, ...FAST_AUTH_ENV, ...LIMITS })));
  });
  afterAll(async () => {
    for (const a of running) await a.close();
    await cleanup?.();
  });
  principalLimitSuite(() => running);
});

describeIf(!!SERVER_DATABASE_URL && !!SERVER_REDIS_URL, 'DATABASE_URL and REDIS_URL are not both set')(
  'per-principal rate limit across two api instances on one PostgreSQL and one Redis',
  () => {
    let shared: SharedInstances;
    beforeAll(async () => {
      shared = await startSharedInstances(startApi, { ...FAST_AUTH_ENV, ...LIMITS });
    });
    afterAll(async () => {
      await shared?.close();
    });
    principalLimitSuite(() => shared.apps);
  },
);
