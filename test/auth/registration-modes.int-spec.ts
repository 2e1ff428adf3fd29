import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { databaseFor, testConfig } from '../support/test-env';
import { readJson, RunningApp, startApi } from '../support/http-app';
import { bearer, FAST_AUTH_ENV, PASSWORD, postJson, registerAccount, uniqueEmail } from '../support/accounts';

describe('registration modes and the generated JWT secret (embedded database)', () => {
  const apps: RunningApp[] = [];
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const a of apps) await a.close().catch(() => undefined);
    for (const c of cleanups) await c();
  });
  async function start(env: Record<string, string>, db?: { env: Record<string, string> }): Promise<RunningApp> {
    if (!db) {
      const fresh = await databaseFor('embedded');
      cleanups.push(fresh.cleanup);
      db = fresh;
    }
    const app = await startApi(testConfig({ ...db.env, ...FAST_AUTH_ENV, ...env }));
    apps.push(app);
    return app;
  }
  const register = (app: RunningApp, body: Record<string, unknown>) =>
    postJson(`${app.url}/api/v1/auth/register`, { password: PASSWORD, ...body });

  it('REGISTRATION=closed admits only the first account, the platform admin', async () => {
    const app = await start({ REGISTRATION: 'closed' });
    const admin = await registerAccount(app.url);
    expect(admin.platformRole).toBe('admin');
    const second = await register(app, { email: uniqueEmail() });
    expect(second.status).toBe(403);
    expect(await readJson(second)).toMatchObject({ statusCode: 403, message: 'registration is closed on this server' });
    const invite = await postJson(
      `${app.url}/api/v1/workspaces/${admin.personalWorkspaceId}/invitations`,
      { email: uniqueEmail(), role: 'viewer' },
      bearer(admin.accessToken),
    );
    expect(invite.status).toBe(403);
  });

  it('REGISTRATION=invite needs an invitation for the invited address, usable once, and joins its workspace', async () => {
    const app = await start({ REGISTRATION: 'invite' });
    const owner = await registerAccount(app.url);
    const invitee = uniqueEmail('invitee');
    expect((await register(app, { email: invitee })).status).toBe(403);

    const created = await postJson(
      `${app.url}/api/v1/workspaces/${owner.personalWorkspaceId}/invitations`,
      { email: invitee.toUpperCase(), role: 'editor' },
      bearer(owner.accessToken),
    );
    expect(created.status).toBe(201);
    const invitation = await readJson(created);
    expect(invitation).toMatchObject({
      email: invitee,
      role: 'editor',
      invitationToken: expect.stringMatching(/^inv_/),
    });

    const token = invitation.invitationToken;
    expect((await register(app, { email: uniqueEmail('someone-else'), invitationToken: token })).status).toBe(403);
    expect((await register(app, { email: invitee, invitationToken: 'inv_forged' })).status).toBe(403);
    const joined = await register(app, { email: invitee, invitationToken: token });
    expect(joined.status).toBe(201);
    const account = await readJson(joined);
    expect(account.user.platformRole).toBe('user');
    const me = await fetch(`${app.url}/api/v1/auth/me`, {
      headers: bearer(account.accessToken, { 'x-workspace-id': owner.personalWorkspaceId }),
    });
    expect(await readJson(me)).toMatchObject({ workspaceRole: 'editor' });
    expect((await register(app, { email: uniqueEmail(), invitationToken: token })).status).toBe(403);

    const existing = await postJson(
      `${app.url}/api/v1/workspaces/${owner.personalWorkspaceId}/invitations`,
      { email: invitee, role: 'viewer' },
      bearer(owner.accessToken),
    );
    expect(existing.status).toBe(409);
  });

  it('without JWT_SECRET, keeps the generated secret in DATA_DIR/secrets/jwt.key (0600), so tokens survive a restart', async () => {
    const db = await databaseFor('embedded');
    cleanups.push(db.cleanup);
    const first = await start({}, db);
    const account = await registerAccount(first.url);
    await first.close();

    const file = join(db.env.DATA_DIR, 'secrets', 'jwt.key');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const second = await start({}, db);
    const me = await fetch(`${second.url}/api/v1/auth/me`, { headers: bearer(account.accessToken) });
    expect(me.status).toBe(200);
  });
});
