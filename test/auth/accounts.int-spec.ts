import { databaseFor, databaseModes, testConfig } from '../support/test-env';
import { readJson, RunningApp, startApi } from '../support/http-app';
import { Account, bearer, FAST_AUTH_ENV, PASSWORD, postJson, registerAccount, uniqueEmail } from '../support/accounts';

async function expectError(res: Response, status: number, message?: RegExp): Promise<void> {
  const body = await readJson(res);
  expect({ status: res.status, body }).toMatchObject({ status, body: { statusCode: status } });
  expect(body.requestId).toBe(res.headers.get('x-request-id'));
  expect(Object.keys(body).sort()).toEqual(['error', 'message', 'requestId', 'statusCode']);
  if (message) expect(body.message).toMatch(message);
}

describe.each(databaseModes())('accounts (%s database)', (mode) => {
  let app: RunningApp;
  let cleanup: () => Promise<void>;
  let admin: Account;
  const api = (path: string) => `${app.url}/api/v1${path}`;

  beforeAll(async () => {
    const db = await databaseFor(mode);
    cleanup = db.cleanup;
    app = await startApi(testConfig({ ...db.env, ...FAST_AUTH_ENV }));
    admin = await registerAccount(app.url, uniqueEmail('admin'));
  });
  afterAll(async () => {
    await app?.close();
    await cleanup?.();
  });

  it('makes the first account the platform admin and later ones ordinary users', async () => {
    const second = await registerAccount(app.url, uniqueEmail('second'));
    expect(admin.platformRole).toBe('admin');
    expect(second.platformRole).toBe('user');
    expect(admin.personalWorkspaceId).not.toEqual(second.personalWorkspaceId);
  });

  it('registers, reads /me, logs in, changes the password and logs out', async () => {
    const email = uniqueEmail('Flow').toUpperCase();
    const reg = await postJson(api('/auth/register'), { email, password: PASSWORD, displayName: 'Flow' });
    expect(reg.status).toBe(201);
    const registered = await readJson(reg);
    expect(registered).toMatchObject({
      accessToken: expect.any(String),
      refreshToken: expect.stringMatching(/^rt_/),
      expiresIn: 900,
      user: { email: email.toLowerCase(), displayName: 'Flow', platformRole: 'user' },
    });
    expect(JSON.stringify(registered)).not.toContain('password');

    const me = await fetch(api('/auth/me'), { headers: bearer(registered.accessToken) });
    expect(me.status).toBe(200);
    expect(await readJson(me)).toMatchObject({
      user: { id: registered.user.id, email: email.toLowerCase() },
      workspaceId: registered.user.personalWorkspaceId,
      workspaceRole: 'owner',
      scopes: ['read', 'write', 'admin'],
    });

    // Emails compare case-insensitively.
    const login = await postJson(api('/auth/login'), { email: email.toLowerCase(), password: PASSWORD });
    expect(login.status).toBe(200);
    const session = await readJson(login);
    expect(session.user.id).toBe(registered.user.id);

    await expectError(
      await postJson(api('/auth/login'), { email, password: 'not the password at all' }),
      401,
      /email or password is wrong/,
    );

    const newPassword = 'a much better passphrase 2024';
    await expectError(
      await postJson(
        api('/auth/password'),
        { currentPassword: 'wrong wrong wrong', newPassword },
        bearer(session.accessToken),
      ),
      400,
      /current password is wrong/,
    );
    const changed = await postJson(
      api('/auth/password'),
      { currentPassword: PASSWORD, newPassword },
      bearer(session.accessToken),
    );
    expect(changed.status).toBe(204);
    // The session that changed the password lives on; every other session of the account ends.
    expect((await fetch(api('/auth/me'), { headers: bearer(session.accessToken) })).status).toBe(200);
    await expectError(await fetch(api('/auth/me'), { headers: bearer(registered.accessToken) }), 401);
    await expectError(await postJson(api('/auth/refresh'), { refreshToken: registered.refreshToken }), 401);
    await expectError(await postJson(api('/auth/login'), { email, password: PASSWORD }), 401);
    expect((await postJson(api('/auth/login'), { email, password: newPassword })).status).toBe(200);

    const logout = await fetch(api('/auth/logout'), { method: 'POST', headers: bearer(session.accessToken) });
    expect(logout.status).toBe(204);
    await expectError(await fetch(api('/auth/me'), { headers: bearer(session.accessToken) }), 401);
    await expectError(await postJson(api('/auth/refresh'), { refreshToken: session.refreshToken }), 401);
  });

  it('refuses short, common and email-based passwords, and a taken email', async () => {
    const email = uniqueEmail('policy');
    await expectError(await postJson(api('/auth/register'), { email, password: 'short1!' }), 400, /at least 12/);
    await expectError(await postJson(api('/auth/register'), { email, password: 'Password1234' }), 400, /too common/);
    await expectError(await postJson(api('/auth/register'), { email, password: 'aaaaaaaaaaaaaaa' }), 400);
    await expectError(
      await postJson(api('/auth/register'), { email, password: `${email.split('@')[0]}-secret` }),
      400,
      /email/,
    );
    await expectError(await postJson(api('/auth/register'), { email: 'not-an-email', password: PASSWORD }), 400);
    await registerAccount(app.url, email);
    await expectError(await postJson(api('/auth/register'), { email, password: PASSWORD }), 409);
  });

  it('rotates refresh tokens on every use', async () => {
    const account = await registerAccount(app.url);
    const first = await postJson(api('/auth/refresh'), { refreshToken: account.refreshToken });
    expect(first.status).toBe(200);
    const rotated = await readJson(first);
    expect(rotated.refreshToken).not.toBe(account.refreshToken);
    expect(rotated.user.id).toBe(account.userId);
    expect((await fetch(api('/auth/me'), { headers: bearer(rotated.accessToken) })).status).toBe(200);
    const second = await postJson(api('/auth/refresh'), { refreshToken: rotated.refreshToken });
    expect(second.status).toBe(200);
    await expectError(await postJson(api('/auth/refresh'), { refreshToken: 'rt_never-issued' }), 401);
  });

  it('revokes the whole session when a spent refresh token comes back, and audits it', async () => {
    const account = await registerAccount(app.url);
    const rotated = await readJson(await postJson(api('/auth/refresh'), { refreshToken: account.refreshToken }));
    // The old token again: someone holds a copy. The session ends for both holders.
    await expectError(await postJson(api('/auth/refresh'), { refreshToken: account.refreshToken }), 401);
    await expectError(await postJson(api('/auth/refresh'), { refreshToken: rotated.refreshToken }), 401);
    await expectError(await fetch(api('/auth/me'), { headers: bearer(rotated.accessToken) }), 401);

    const events = await readJson(
      await fetch(api(`/admin/audit-events?type=refresh_reuse_detected&userId=${account.userId}`), {
        headers: bearer(admin.accessToken),
      }),
    );
    expect(events.items).toHaveLength(1);
    expect(events.items[0]).toMatchObject({
      actorUserId: account.userId,
      ip: '127.0.0.1',
      requestId: expect.any(String),
    });
  });

  it('needs authentication everywhere but the public routes', async () => {
    await expectError(await fetch(api('/auth/me')), 401, /authentication required/);
    await expectError(await fetch(api('/workspaces')), 401);
    await expectError(await fetch(api('/auth/me'), { headers: { authorization: 'Basic Zm9vOmJhcg==' } }), 401);
    expect((await fetch(api('/health'))).status).toBe(200);
    expect((await fetch(`${app.url}/metrics`)).status).toBe(200);
    expect((await fetch(`${app.url}/docs-json`)).status).toBe(200);
  });
});
