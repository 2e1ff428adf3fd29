import { databaseFor, databaseModes, testConfig } from '../support/test-env';
import { readJson, RunningApp, startApi } from '../support/http-app';
import { Account, bearer, FAST_AUTH_ENV, PASSWORD, postJson, registerAccount, uniqueEmail } from '../support/accounts';

describe.each(databaseModes())('the audit trail (%s database)', (mode) => {
  let app: RunningApp;
  let cleanup: () => Promise<void>;
  let admin: Account;
  let user: Account;
  const url = (path: string) => `${app.url}/api/v1${path}`;
  const events = async (query: string, who: Account = admin) => {
    const res = await fetch(url(`/admin/audit-events${query}`), { headers: bearer(who.accessToken) });
    expect(res.status).toBe(200);
    return readJson(res);
  };

  beforeAll(async () => {
    const db = await databaseFor(mode);
    cleanup = db.cleanup;
    app = await startApi(testConfig({ ...db.env, ...FAST_AUTH_ENV }));
    admin = await registerAccount(app.url, uniqueEmail('admin'));
    user = await registerAccount(app.url, uniqueEmail('user'));
  });
  afterAll(async () => {
    await app?.close();
    await cleanup?.();
  });

  it('is for platform admins only: 403 for other users, 401 without credentials', async () => {
    const denied = await fetch(url('/admin/audit-events'), { headers: bearer(user.accessToken) });
    expect(denied.status).toBe(403);
    expect(await readJson(denied)).toMatchObject({ statusCode: 403, error: 'Forbidden' });
    expect((await fetch(url('/admin/audit-events'))).status).toBe(401);
  });

  it('records sign-in failures and successes with actor, IP, request id and time', async () => {
    const before = new Date(Date.now() - 1000).toISOString();
    const failed = await postJson(url('/auth/login'), { email: user.email, password: 'not my password!' });
    expect(failed.status).toBe(401);
    const ok = await postJson(url('/auth/login'), { email: user.email, password: PASSWORD });
    expect(ok.status).toBe(200);

    const page = await events(`?userId=${user.userId}&from=${encodeURIComponent(before)}`);
    const [succeeded, failure] = page.items;
    expect(failure).toMatchObject({
      type: 'login_failed',
      actorUserId: user.userId,
      ip: '127.0.0.1',
      requestId: failed.headers.get('x-request-id'),
      details: { email: user.email, reason: 'wrong password' },
    });
    expect(succeeded).toMatchObject({ type: 'login_succeeded', requestId: ok.headers.get('x-request-id') });
    expect(Date.parse(failure.createdAt)).toBeGreaterThanOrEqual(Date.parse(before));
    expect(JSON.stringify(page)).not.toContain('not my password');
  });

  it('filters by type, user, workspace and time', async () => {
    const registered = await events(`?type=registered`);
    expect(registered.items.map((e: { actorUserId: string }) => e.actorUserId)).toEqual([user.userId, admin.userId]);
    expect(registered.items[1]).toMatchObject({
      workspaceId: admin.personalWorkspaceId,
      details: { platformRole: 'admin' },
    });
    const byWorkspace = await events(`?workspaceId=${user.personalWorkspaceId}`);
    expect(byWorkspace.items.map((e: { type: string }) => e.type)).toEqual(['registered']);
    const future = new Date(Date.now() + 60_000).toISOString();
    expect((await events(`?from=${encodeURIComponent(future)}`)).items).toEqual([]);
    expect((await events(`?to=${encodeURIComponent(new Date(0).toISOString())}`)).items).toEqual([]);
  });

  it('pages newest first with an opaque cursor', async () => {
    const all = await events('?limit=200');
    expect(all.nextCursor).toBeNull();
    expect(all.items.length).toBeGreaterThanOrEqual(4);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await events(`?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((e: { id: string }) => e.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.items.map((e: { id: string }) => e.id));
    expect(seen.map(Number)).toEqual([...seen.map(Number)].sort((a, b) => b - a));
  });

  it('refuses bad query parameters with 400', async () => {
    for (const query of [
      '?cursor=bm90LWEtY3Vyc29y',
      '?limit=0',
      '?limit=1000',
      '?type=nope',
      '?userId=42',
      '?from=yesterday',
    ]) {
      const res = await fetch(url(`/admin/audit-events${query}`), { headers: bearer(admin.accessToken) });
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
    }
  });
});
