import { databaseFor, databaseModes, testConfig } from '../support/test-env';
import { readJson, RunningApp, startAuthProbeApp } from '../support/http-app';
import {
  Account,
  bearer,
  createTeam,
  FAST_AUTH_ENV,
  postJson,
  registerAccount,
  uniqueEmail,
} from '../support/accounts';

describe.each(databaseModes())('access rules of the global guard (%s database)', (mode) => {
  let app: RunningApp;
  let cleanup: () => Promise<void>;
  let admin: Account; // first account: platform admin, owner of its personal workspace
  let owner: Account;
  let viewer: Account;
  let editor: Account;
  let team: string;
  const url = (path: string) => `${app.url}/api/v1${path}`;
  const get = (path: string, headers: Record<string, string>) => fetch(url(path), { headers });
  const post = (path: string, headers: Record<string, string>) => fetch(url(path), { method: 'POST', headers });

  async function apiKey(who: Account, scopes: string[], workspaceId?: string): Promise<string> {
    const headers = bearer(who.accessToken, workspaceId ? { 'x-workspace-id': workspaceId } : {});
    const res = await postJson(url('/api-keys'), { name: `key ${scopes.join('+')}`, scopes }, headers);
    const body = await readJson(res);
    if (res.status !== 201) throw new Error(`creating an API key: ${res.status} ${JSON.stringify(body)}`);
    return body.key;
  }

  beforeAll(async () => {
    const db = await databaseFor(mode);
    cleanup = db.cleanup;
    app = await startAuthProbeApp(testConfig({ ...db.env, ...FAST_AUTH_ENV }));
    admin = await registerAccount(app.url, uniqueEmail('admin'));
    owner = await registerAccount(app.url, uniqueEmail('owner'));
    viewer = await registerAccount(app.url, uniqueEmail('viewer'));
    editor = await registerAccount(app.url, uniqueEmail('editor'));
    team = await createTeam(app.url, owner, [
      [viewer, 'viewer'],
      [editor, 'editor'],
    ]);
  });
  afterAll(async () => {
    await app?.close();
    await cleanup?.();
  });

  it('enforces RequireRole on the role held in the X-Workspace-Id workspace (owner > editor > viewer)', async () => {
    const inTeam = (who: Account) => bearer(who.accessToken, { 'x-workspace-id': team });
    const denied = await post('/guard-probe/editor', inTeam(viewer));
    expect(denied.status).toBe(403);
    expect(await readJson(denied)).toMatchObject({
      statusCode: 403,
      message: 'this needs the editor role in the workspace',
    });
    expect((await post('/guard-probe/editor', inTeam(editor))).status).toBe(201);
    expect((await post('/guard-probe/editor', inTeam(owner))).status).toBe(201);
    expect((await get('/guard-probe/owner', inTeam(editor))).status).toBe(403);
    // In their personal workspaces, everyone is an owner.
    expect((await post('/guard-probe/editor', bearer(viewer.accessToken))).status).toBe(201);
    const principal = await readJson(await get('/guard-probe/owner', inTeam(owner)));
    expect(principal).toMatchObject({
      userId: owner.userId,
      platformRole: 'user',
      workspaceId: team,
      workspaceRole: 'owner',
      scopes: ['read', 'write', 'admin'],
    });
  });

  it('lets platform admins alone use @PlatformAdmin routes (403 for others)', async () => {
    expect((await get('/guard-probe/ops', bearer(admin.accessToken))).status).toBe(200);
    const denied = await get('/guard-probe/ops', bearer(owner.accessToken));
    expect(denied.status).toBe(403);
    expect(await readJson(denied)).toMatchObject({ message: 'this route is for platform admins' });
  });

  it('authenticates API keys, with GET needing read and other methods write unless a route says otherwise', async () => {
    const readOnly = await apiKey(owner, ['read'], team);
    const readWrite = await apiKey(owner, ['read', 'write'], team);
    const principal = await readJson(await get('/guard-probe/read', { 'x-api-key': readOnly }));
    expect(principal).toMatchObject({
      userId: owner.userId,
      workspaceId: team,
      scopes: ['read'],
      apiKeyId: expect.any(String),
    });
    expect((await post('/guard-probe/write', { 'x-api-key': readOnly })).status).toBe(403);
    expect((await post('/guard-probe/write', { 'x-api-key': readWrite })).status).toBe(201);
    // RequireScope('admin') on top of RequireRole('owner').
    expect((await get('/guard-probe/owner', { 'x-api-key': readWrite })).status).toBe(403);
    expect(
      (await get('/guard-probe/owner', { 'x-api-key': await apiKey(owner, ['read', 'admin'], team) })).status,
    ).toBe(200);
    // Routes for signed-in users only.
    const session = await post('/guard-probe/session', { 'x-api-key': readWrite });
    expect(session.status).toBe(403);
    expect((await post('/guard-probe/session', bearer(owner.accessToken))).status).toBe(201);
  });

  it('keeps an API key in its workspace and refuses bad or ambiguous credentials with 401', async () => {
    const key = await apiKey(owner, ['read'], team);
    expect((await get('/guard-probe/read', { 'x-api-key': key, 'x-workspace-id': team })).status).toBe(200);
    expect(
      (await get('/guard-probe/read', { 'x-api-key': key, 'x-workspace-id': owner.personalWorkspaceId })).status,
    ).toBe(404);
    const attempts: Array<Record<string, string>> = [
      { 'x-api-key': 'dq_nothing_here' },
      { 'x-api-key': `${key}x` },
      { 'x-api-key': key, authorization: `Bearer ${owner.accessToken}` },
    ];
    for (const headers of attempts) {
      const res = await get('/guard-probe/read', headers);
      expect(res.status).toBe(401);
      expect(Object.keys(await readJson(res)).sort()).toEqual(['error', 'message', 'requestId', 'statusCode']);
    }
  });

  it("caps a key by its owner's current role and drops it when the owner leaves the workspace", async () => {
    const key = await apiKey(editor, ['read', 'write'], team);
    expect((await post('/guard-probe/write', { 'x-api-key': key })).status).toBe(201);
    const demote = await postJson(
      url(`/workspaces/${team}/members/${editor.userId}`),
      { role: 'viewer' },
      bearer(owner.accessToken),
      'PATCH',
    );
    expect(demote.status).toBe(200);
    expect((await post('/guard-probe/write', { 'x-api-key': key })).status).toBe(403);
    expect((await get('/guard-probe/read', { 'x-api-key': key })).status).toBe(200);
    const remove = await fetch(url(`/workspaces/${team}/members/${editor.userId}`), {
      method: 'DELETE',
      headers: bearer(owner.accessToken),
    });
    expect(remove.status).toBe(204);
    expect((await get('/guard-probe/read', { 'x-api-key': key })).status).toBe(401);
  });

  it("lets an admin's API key reach ops routes only with the admin scope", async () => {
    expect((await get('/guard-probe/ops', { 'x-api-key': await apiKey(admin, ['read']) })).status).toBe(403);
    expect((await get('/guard-probe/ops', { 'x-api-key': await apiKey(admin, ['read', 'admin']) })).status).toBe(200);
    expect((await get('/guard-probe/ops', { 'x-api-key': await apiKey(owner, ['read', 'admin']) })).status).toBe(403);
  });
});
