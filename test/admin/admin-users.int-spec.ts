import { API_KEY_HEADER } from '@docqa/auth';
import { Account, bearer, FAST_AUTH_ENV, PASSWORD, postJson, registerAccount, uniqueEmail } from '../support/accounts';
import { readJson, RunningApp, startApi } from '../support/http-app';
import { databaseFor, databaseModes, testConfig } from '../support/test-env';
import { ApiCaller, Json } from './admin-client';

describe.each(databaseModes())('admin API: users (%s database)', (mode) => {
  let app: RunningApp;
  let cleanup: () => Promise<void>;
  let admin: Account;
  let ops: ApiCaller;
  const url = (path: string) => `${app.url}/api/v1${path}`;

  beforeAll(async () => {
    const db = await databaseFor(mode);
    cleanup = db.cleanup;
    app = await startApi(testConfig({ ...db.env, ...FAST_AUTH_ENV }));
    admin = await registerAccount(app.url, uniqueEmail('admin'));
    ops = new ApiCaller(app.url, admin);
  });
  afterAll(async () => {
    await app?.close();
    await cleanup?.();
  });

  async function apiKeyOf(account: Account): Promise<string> {
    const res = await postJson(
      url('/api-keys'),
      { name: 'script', scopes: ['read', 'write'] },
      bearer(account.accessToken),
    );
    expect(res.status).toBe(201);
    return (await readJson(res)).key;
  }

  it('lists accounts by email, searches them, and pages with a cursor', async () => {
    const tag = `srch${Date.now().toString(36)}`;
    const found = [
      await registerAccount(app.url, `${tag}.b@example.test`),
      await registerAccount(app.url, `${tag}.a@example.test`),
      await registerAccount(app.url, `${tag}.c@example.test`),
    ];
    const all = await ops.get(`/admin/users?q=${tag.toUpperCase()}`);
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(3);
    expect(all.body.items.map((u: Json) => u.email)).toEqual([
      `${tag}.a@example.test`,
      `${tag}.b@example.test`,
      `${tag}.c@example.test`,
    ]);
    expect(all.body.items[0]).toMatchObject({
      id: found[1].userId,
      platformRole: 'user',
      disabled: false,
      disabledAt: null,
      workspaceCount: 1,
    });
    expect(Date.parse(all.body.items[0].lastSignInAt)).toBeGreaterThan(0);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await ops.get(`/admin/users?q=${tag}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((u: Json) => u.email));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.body.items.map((u: Json) => u.email));

    const admins = await ops.get('/admin/users?platformRole=admin');
    expect(admins.body.items.map((u: Json) => u.id)).toEqual([admin.userId]);
    // LIKE wildcards are searched for literally.
    expect((await ops.get('/admin/users?q=%25')).body.total).toBe(0);
    expect((await ops.get('/admin/users?cursor=bogus')).status).toBe(400);
    expect((await ops.get(`/admin/users/${found[0].userId}`)).body.email).toBe(found[0].email);
    expect((await ops.get('/admin/users/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('disabling an account stops its tokens, API keys, refresh and sign-in at once; enabling gives keys back', async () => {
    const user = await registerAccount(app.url, uniqueEmail('disabled'));
    const key = await apiKeyOf(user);
    const me = () => fetch(url('/auth/me'), { headers: bearer(user.accessToken) });
    const withKey = () => fetch(url('/auth/me'), { headers: { [API_KEY_HEADER]: key } });
    expect((await me()).status).toBe(200);
    expect((await withKey()).status).toBe(200);

    const disabled = await ops.call('POST', `/admin/users/${user.userId}/disable`);
    expect(disabled.status).toBe(200);
    expect(disabled.body).toMatchObject({ id: user.userId, disabled: true });

    expect((await me()).status).toBe(401);
    expect((await withKey()).status).toBe(401);
    expect((await postJson(url('/auth/refresh'), { refreshToken: user.refreshToken })).status).toBe(401);
    const login = await postJson(url('/auth/login'), { email: user.email, password: PASSWORD });
    expect(login.status).toBe(403);
    expect((await readJson(login)).message).toContain('disabled');
    // A wrong password still says only that the credentials are wrong.
    expect((await postJson(url('/auth/login'), { email: user.email, password: 'not the password!!' })).status).toBe(
      401,
    );
    expect((await ops.get(`/admin/users?status=disabled&q=${user.email}`)).body.total).toBe(1);
    // Disabling twice changes nothing and records nothing more.
    expect((await ops.call('POST', `/admin/users/${user.userId}/disable`)).status).toBe(200);

    const [event, ...more] = await ops.auditEvents(`type=user_disabled&targetId=${user.userId}`);
    expect(more).toEqual([]);
    expect(event).toMatchObject({
      actorUserId: admin.userId,
      targetType: 'user',
      targetId: user.userId,
      details: { email: user.email, before: { disabled: false }, after: { disabled: true } },
    });
    expect(event.requestId).toBe(disabled.headers.get('x-request-id'));

    const enabled = await ops.call('POST', `/admin/users/${user.userId}/enable`);
    expect(enabled.body).toMatchObject({ disabled: false, disabledAt: null });
    expect((await withKey()).status).toBe(200);
    // The sessions stay ended; signing in again works.
    expect((await me()).status).toBe(401);
    expect((await postJson(url('/auth/login'), { email: user.email, password: PASSWORD })).status).toBe(200);
    expect(await ops.auditEvents(`type=user_enabled&targetId=${user.userId}`)).toHaveLength(1);
  });

  it('refuses to disable the acting admin, and answers 404 for an unknown account', async () => {
    const self = await ops.call('POST', `/admin/users/${admin.userId}/disable`);
    expect(self.status).toBe(409);
    expect((await ops.call('POST', '/admin/users/not-a-uuid/disable')).status).toBe(404);
    expect((await ops.call('POST', '/admin/users/00000000-0000-4000-8000-000000000000/enable')).status).toBe(404);
  });

  it('changes platform roles, effective on the next request, and always keeps one enabled admin', async () => {
    const bob = await registerAccount(app.url, uniqueEmail('bob'));
    expect((await fetch(url('/admin/users'), { headers: bearer(bob.accessToken) })).status).toBe(403);
    const promoted = await ops.call('PUT', `/admin/users/${bob.userId}/platform-role`, { platformRole: 'admin' });
    expect(promoted.status).toBe(200);
    expect(promoted.body.platformRole).toBe('admin');
    expect((await fetch(url('/admin/users'), { headers: bearer(bob.accessToken) })).status).toBe(200);

    const asBob = new ApiCaller(app.url, bob);
    expect(
      (await asBob.call('PUT', `/admin/users/${admin.userId}/platform-role`, { platformRole: 'user' })).status,
    ).toBe(200);
    const last = await asBob.call('PUT', `/admin/users/${bob.userId}/platform-role`, { platformRole: 'user' });
    expect(last.status).toBe(409);
    expect(last.body.message).toContain('last enabled platform admin');
    expect(
      (await asBob.call('PUT', `/admin/users/${admin.userId}/platform-role`, { platformRole: 'admin' })).status,
    ).toBe(200);
    expect((await ops.call('PUT', `/admin/users/${bob.userId}/platform-role`, { platformRole: 'root' })).status).toBe(
      400,
    );

    const events = await ops.auditEvents(`type=platform_role_changed&targetId=${admin.userId}`);
    expect(events.map((e: Json) => [e.actorUserId, e.details.before, e.details.after])).toEqual([
      [bob.userId, { platformRole: 'user' }, { platformRole: 'admin' }],
      [bob.userId, { platformRole: 'admin' }, { platformRole: 'user' }],
    ]);
  });
});
