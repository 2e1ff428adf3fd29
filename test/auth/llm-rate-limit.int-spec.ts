import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuthErrorCode, AuthException, WorkspaceLlmRateLimiter } from '@docqa/auth';
import {
  databaseFor,
  databaseModes,
  describeIf,
  testConfig,
  SERVER_DATABASE_URL,
  SERVER_REDIS_URL,
} from '../support/test-env';
import { startSharedInstances, type SharedInstances } from '../support/shared-instances';
import { readJson, RunningApp, startAuthProbeApp } from '../support/http-app';
import { Account, bearer, FAST_AUTH_ENV, postJson, registerAccount, uniqueEmail } from '../support/accounts';

/** Small, so each test spends a budget in a few calls; the 60 s window never has to pass. */
const LIMIT_ENV = { LLM_RATE_LIMIT_PER_MINUTE: '3' };

/**
 * The per-workspace LLM call limit, through a test-only route that takes one call from the caller's
 * workspace as the LLM router will. With several instances, calls go to each in turn.
 */
function llmRateLimitSuite(apps: () => RunningApp[]): void {
  let admin: Account;
  let alice: Account;
  let bob: Account;
  let turn = 0;

  const llmCall = (who: Account, workspaceId: string, app = apps()[turn++ % apps().length]) =>
    fetch(`${app.url}/api/v1/guard-probe/llm-call`, {
      method: 'POST',
      headers: bearer(who.accessToken, { 'x-workspace-id': workspaceId }),
    });
  const statuses = async (n: number, who: Account, workspaceId: string) => {
    const codes: number[] = [];
    for (let i = 0; i < n; i++) codes.push((await llmCall(who, workspaceId)).status);
    return codes;
  };
  const setLimit = (workspaceId: string, callsPerMinute: number | null) =>
    postJson(
      `${apps()[0].url}/api/v1/admin/workspaces/${workspaceId}/llm-rate-limit`,
      { callsPerMinute },
      bearer(admin.accessToken),
      'PUT',
    );

  beforeAll(async () => {
    admin = await registerAccount(apps()[0].url, uniqueEmail('admin'));
    alice = await registerAccount(apps()[0].url, uniqueEmail('alice'));
    bob = await registerAccount(apps()[0].url, uniqueEmail('bob'));
  });

  it('lets a workspace start LLM_RATE_LIMIT_PER_MINUTE calls a minute, counting down what remains', async () => {
    const bodies = [];
    for (let i = 0; i < 3; i++) {
      const res = await llmCall(alice, alice.personalWorkspaceId);
      expect(res.status).toBe(201);
      bodies.push(await readJson(res));
    }
    expect(bodies.map((b) => [b.limit, b.remaining])).toEqual([
      [3, 2],
      [3, 1],
      [3, 0],
    ]);
    for (const { resetSeconds } of bodies) expect(resetSeconds).toBeGreaterThanOrEqual(1);
    for (const { resetSeconds } of bodies) expect(resetSeconds).toBeLessThanOrEqual(60);
    expect((await llmCall(alice, alice.personalWorkspaceId)).status).toBe(429);
  });

  it('answers 429 past the limit with Retry-After and X-RateLimit-* headers, counting nothing', async () => {
    const team = (
      await readJson(await postJson(`${apps()[0].url}/api/v1/workspaces`, { name: 'T' }, bearer(alice.accessToken)))
    ).id;
    expect(await statuses(3, alice, team)).toEqual([201, 201, 201]);
    const refused = await llmCall(alice, team);
    expect(refused.status).toBe(429);
    expect(await readJson(refused)).toMatchObject({
      statusCode: 429,
      error: 'Too Many Requests',
      message: expect.stringMatching(/^this workspace may start 3 LLM calls per minute: retry in \d+ s$/),
      requestId: refused.headers.get('x-request-id'),
    });
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.headers.get('x-ratelimit-limit')).toBe('3');
    expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
    // The window is full: the next slot opens when its oldest call leaves it.
    expect(refused.headers.get('x-ratelimit-reset')).toBe(String(retryAfter));
    // Refused attempts take no slot: raising the limit by one admits exactly one more call.
    expect(await statuses(3, alice, team)).toEqual([429, 429, 429]);
    expect((await setLimit(team, 4)).status).toBe(200);
    expect((await llmCall(alice, team, apps()[0])).status).toBe(201);
    expect((await llmCall(alice, team, apps()[0])).status).toBe(429);
  });

  it('keeps workspaces apart', async () => {
    const team = (
      await readJson(await postJson(`${apps()[0].url}/api/v1/workspaces`, { name: 'U' }, bearer(bob.accessToken)))
    ).id;
    expect(await statuses(4, bob, bob.personalWorkspaceId)).toEqual([201, 201, 201, 429]);
    expect(await statuses(4, bob, team)).toEqual([201, 201, 201, 429]);
    // Alice's personal workspace, spent in the first test, does not borrow from or lend to bob's.
    expect((await llmCall(alice, alice.personalWorkspaceId)).status).toBe(429);
  });

  it("applies a workspace's own limit, at once in the process that set it, and the default again once cleared", async () => {
    const carol = await registerAccount(apps()[0].url, uniqueEmail('carol'));
    const ws = carol.personalWorkspaceId;
    const first = await llmCall(carol, ws, apps()[0]); // this process now holds the default for ws
    expect(await readJson(first)).toMatchObject({ limit: 3, remaining: 2 });
    expect((await setLimit(ws, 5)).status).toBe(200);
    const second = await llmCall(carol, ws, apps()[0]);
    expect(await readJson(second)).toMatchObject({ limit: 5, remaining: 3 });
    expect(await statuses(4, carol, ws)).toEqual([201, 201, 201, 429]);

    expect((await setLimit(ws, null)).status).toBe(200);
    const refused = await llmCall(carol, ws, apps()[0]);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('x-ratelimit-limit')).toBe('3');
    // Five calls against a limit of three: two must leave the window, so the wait exceeds the oldest's.
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(
      Number(refused.headers.get('x-ratelimit-reset')),
    );
  });

  it('keeps a workspace limit it has read instead of querying the database on every call', async () => {
    const dave = await registerAccount(apps()[0].url, uniqueEmail('dave'));
    const ws = dave.personalWorkspaceId;
    expect(await readJson(await llmCall(dave, ws, apps()[0]))).toMatchObject({ limit: 3 });
    // Changed behind the API's back: this process keeps the value it read until its cache entry expires.
    await apps()[0].app.get(DataSource).query('UPDATE workspaces SET llm_calls_per_minute = 1 WHERE id = $1', [ws]);
    expect(await readJson(await llmCall(dave, ws, apps()[0]))).toMatchObject({ limit: 3, remaining: 1 });
  });

  it('refuses a workspace that does not exist', async () => {
    const limiter = apps()[0].app.get(WorkspaceLlmRateLimiter);
    for (const id of [randomUUID(), 'not-a-workspace']) {
      const error = await limiter.acquire(id).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AuthException);
      expect((error as AuthException).code).toBe(AuthErrorCode.WorkspaceNotFound);
    }
  });
}

describe.each(databaseModes())('LLM call limit per workspace, in memory (%s database)', (mode) => {
  const running: RunningApp[] = [];
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    const db = await databaseFor(mode);
    cleanup = db.cleanup;
    running.push(await startAuthProbeApp(testConfig({ ...db.env, ...FAST_AUTH_ENV, ...LIMIT_ENV })));
  });
  afterAll(async () => {
    for (const a of running) await a.close();
    await cleanup?.();
  });
  llmRateLimitSuite(() => running);
});

describeIf(!!SERVER_DATABASE_URL && !!SERVER_REDIS_URL, 'DATABASE_URL and REDIS_URL are not both set')(
  'LLM call limit per workspace across two api instances on one PostgreSQL and one Redis',
  () => {
    let shared: SharedInstances;
    beforeAll(async () => {
      shared = await startSharedInstances(startAuthProbeApp, { ...FAST_AUTH_ENV, ...LIMIT_ENV });
    });
    afterAll(async () => {
      await shared?.close();
    });
    llmRateLimitSuite(() => shared.apps);
  },
);
