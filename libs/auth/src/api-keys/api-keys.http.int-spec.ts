import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  Account,
  bearer,
  createTeam,
  FAST_AUTH_ENV,
  postJson,
  registerAccount,
  uniqueEmail,
} from '../../../../test/support/accounts';
import { readJson, RunningApp, startApi } from '../../../../test/support/http-app';
import { databaseFor, databaseModes, testConfig } from '../../../../test/support/test-env';

const UNKNOWN_ID = '5d0c8a4e-2b1a-4c55-9a4e-4f3b2f6c9d10';

describe.each(databaseModes())('API keys over HTTP (%s database)', (mode) => {
  let app: RunningApp;
  let cleanup: () => Promise<void>;
  let alice: Account; // owner of the team workspace
  let eddie: Account; // editor there
  let vera: Account; // viewer there
  let bob: Account; // member of nothing of Alice's
  let team: string;
  const api = (path: string) => `${app.url}/api/v1${path}`;
  const inTeam = (who: Account) => bearer(who.accessToken, { 'x-workspace-id': team });
  const withKey = (key: string, extra: Record<string, string> = {}) => ({ 'x-api-key': key, ...extra });

  async function createKey(headers: Record<string, string>, body: unknown): Promise<Response> {
    return postJson(api('/api-keys'), body, headers);
  }

  beforeAll(async () => {
    const db = await databaseFor(mode);
    cleanup = db.cleanup;
    app = await startApi(testConfig({ ...db.env, ...FAST_AUTH_ENV }));
    alice = await registerAccount(app.url, uniqueEmail('alice'));
    eddie = await registerAccount(app.url, uniqueEmail('eddie'));
    vera = await registerAccount(app.url, uniqueEmail('vera'));
    bob = await registerAccount(app.url, uniqueEmail('bob'));
    team = await createTeam(app.url, alice, [
      [eddie, 'editor'],
      [vera, 'viewer'],
    ]);
  });
  afterAll(async () => {
    await app?.close();
    await cleanup?.();
  });

  it('creates a key shown once, lists it without its secret, and accepts it in X-API-Key', async () => {
    const res = await createKey(inTeam(alice), { name: 'nightly sync', scopes: ['read'] });
    expect(res.status).toBe(201);
    const created = await readJson(res);
    expect(created).toMatchObject({
      name: 'nightly sync',
      scopes: ['read'],
      userId: alice.userId,
      expiresAt: null,
      lastUsedAt: null,
      prefix: expect.stringMatching(/^dq_[a-z2-9]{8}$/),
      key: expect.stringMatching(/^dq_[a-z2-9]{8}_[A-Za-z0-9_-]{43}$/),
    });
    const secret = created.key.slice(created.prefix.length + 1);

    const listRes = await fetch(api('/api-keys'), { headers: inTeam(alice) });
    const listText = await listRes.text();
    expect(listRes.status).toBe(200);
    expect(listText).not.toContain(secret);
    const { key: _key, ...shown } = created;
    expect(JSON.parse(listText).items).toEqual([shown]);

    const me = await fetch(api('/auth/me'), { headers: withKey(created.key) });
    expect(me.status).toBe(200);
    expect(await readJson(me)).toMatchObject({
      user: { id: alice.userId },
      workspaceId: team,
      workspaceRole: 'owner',
      scopes: ['read'],
      apiKeyId: created.id,
    });
    const afterUse = (await readJson(await fetch(api('/api-keys'), { headers: inTeam(alice) }))).items;
    expect(afterUse[0].lastUsedAt).toEqual(expect.any(String));
  });

  it('a read key can GET but not change anything (403), and no key can create keys', async () => {
    const { key } = await readJson(await createKey(inTeam(alice), { name: 'reader', scopes: ['read'] }));
    expect((await fetch(api('/api-keys'), { headers: withKey(key) })).status).toBe(200);
    expect((await fetch(api('/provider-keys'), { headers: withKey(key) })).status).toBe(200);

    const put = await postJson(api('/provider-keys/groq'), { apiKey: 'gsk_abcdefghijklmnop' }, withKey(key), 'PUT');
    expect(put.status).toBe(403);
    expect(await readJson(put)).toMatchObject({ statusCode: 403, message: 'this API key lacks the "write" scope' });
    const del = await fetch(api(`/api-keys/${UNKNOWN_ID}`), { method: 'DELETE', headers: withKey(key) });
    expect(del.status).toBe(403);

    const { key: writer } = await readJson(
      await createKey(inTeam(alice), { name: 'writer', scopes: ['read', 'write'] }),
    );
    for (const k of [key, writer]) {
      const mint = await createKey(withKey(k), { name: 'minted', scopes: ['read'] });
      expect(mint.status).toBe(403);
    }
  });

  it('gives a key no more than its creator may: admin scope for owners only, nothing for viewers', async () => {
    const editorAdmin = await createKey(inTeam(eddie), { name: 'x', scopes: ['read', 'admin'] });
    expect(editorAdmin.status).toBe(403);
    expect((await readJson(editorAdmin)).message).toBe(
      'Only workspace owners can create API keys with the admin scope',
    );
    expect((await createKey(inTeam(eddie), { name: 'editor key', scopes: ['read', 'write'] })).status).toBe(201);
    expect((await createKey(inTeam(vera), { name: 'x', scopes: ['read'] })).status).toBe(403);
    const ownerAdmin = await createKey(inTeam(alice), { name: 'owner admin', scopes: ['admin', 'read'] });
    expect(ownerAdmin.status).toBe(201);
    expect((await readJson(ownerAdmin)).scopes).toEqual(['read', 'admin']);
  });

  it('validates the request, naming the fields', async () => {
    const cases: Array<[unknown, string]> = [
      [{ scopes: ['read'] }, 'name'],
      [{ name: 'x', scopes: ['superuser'] }, 'scopes'],
      [{ name: 'x', scopes: [] }, 'scopes'],
      [{ name: 'x', scopes: ['read'], expiresAt: 'tomorrow' }, 'expiresAt'],
      [{ name: 'x', scopes: ['read'], expiresAt: '2001-01-01T00:00:00Z' }, 'expiresAt'],
      [{ name: 'x', scopes: ['read'], userId: bob.userId }, 'userId'],
    ];
    for (const [body, field] of cases) {
      const res = await createKey(inTeam(alice), body);
      const error = await readJson(res);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(error.message).toContain(field);
    }
    const bad = await fetch(api('/api-keys/not-a-uuid'), { method: 'DELETE', headers: inTeam(alice) });
    expect(bad.status).toBe(400);
  });

  it('revokes a key at once: the key then gets 401 and leaves the list', async () => {
    const created = await readJson(await createKey(inTeam(alice), { name: 'to revoke', scopes: ['read'] }));
    expect((await fetch(api('/auth/me'), { headers: withKey(created.key) })).status).toBe(200);
    const del = await fetch(api(`/api-keys/${created.id}`), { method: 'DELETE', headers: inTeam(alice) });
    expect(del.status).toBe(204);
    const after = await fetch(api('/auth/me'), { headers: withKey(created.key) });
    expect(after.status).toBe(401);
    const listed = (await readJson(await fetch(api('/api-keys'), { headers: inTeam(alice) }))).items;
    expect(listed.map((k: { id: string }) => k.id)).not.toContain(created.id);
    const again = await fetch(api(`/api-keys/${created.id}`), { method: 'DELETE', headers: inTeam(alice) });
    expect(again.status).toBe(404);
  });

  it('keeps workspaces apart: another workspace gets 404 for a key id and never sees the keys', async () => {
    const created = await readJson(await createKey(inTeam(alice), { name: 'private', scopes: ['read'] }));
    const foreign = await fetch(api(`/api-keys/${created.id}`), { method: 'DELETE', headers: bearer(bob.accessToken) });
    const missing = await fetch(api(`/api-keys/${UNKNOWN_ID}`), { method: 'DELETE', headers: bearer(bob.accessToken) });
    expect([foreign.status, missing.status]).toEqual([404, 404]);
    const [a, b] = [await readJson(foreign), await readJson(missing)];
    expect(a.message).toBe(b.message);
    expect(a).toMatchObject({ error: 'Not Found', requestId: foreign.headers.get('x-request-id') });

    // A member of the workspace who is not the key's creator (and not an owner) gets the same answer.
    const byEditor = await fetch(api(`/api-keys/${created.id}`), { method: 'DELETE', headers: inTeam(eddie) });
    expect(byEditor.status).toBe(404);
    const bobsList = (await readJson(await fetch(api('/api-keys'), { headers: bearer(bob.accessToken) }))).items;
    expect(bobsList).toEqual([]);
    for (const [method, path] of [
      ['GET', '/api-keys'],
      ['DELETE', `/api-keys/${created.id}`],
    ]) {
      const res = await fetch(api(path), { method, headers: bearer(bob.accessToken, { 'x-workspace-id': team }) });
      expect({ method, path, status: res.status }).toEqual({ method, path, status: 404 });
    }
    // The key of one workspace does not act in another.
    const hop = await fetch(api('/api-keys'), {
      headers: withKey(created.key, { 'x-workspace-id': bob.personalWorkspaceId }),
    });
    expect(hop.status).toBe(404);
    expect((await fetch(api('/auth/me'), { headers: withKey(created.key) })).status).toBe(200);
  });

  it('is in the OpenAPI spec under its operation ids', async () => {
    const spec = JSON.parse(await readFile(join(__dirname, '../../../../openapi.json'), 'utf8'));
    expect(spec.paths['/api/v1/api-keys'].post.operationId).toBe('createApiKey');
    expect(spec.paths['/api/v1/api-keys'].get.operationId).toBe('listApiKeys');
    expect(spec.paths['/api/v1/api-keys/{id}'].delete.operationId).toBe('revokeApiKey');
  });
});
