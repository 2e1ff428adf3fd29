import { readFile, stat } from 'node:fs/promises';
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
import { GENERATED_KEY_FILE } from './encryption-keys';
import { ProviderKeysService } from './provider-keys.service';

const OPENAI_KEY = 'sk-proj-Zy9XwVuTsRqPoNmLkJiHgFeDcBa876543210abcd';

describe.each(databaseModes())('provider keys over HTTP (%s database)', (mode) => {
  let app: RunningApp;
  let cleanup: () => Promise<void>;
  let dataDir: string;
  let alice: Account; // owner of the team workspace
  let eddie: Account; // editor there
  let vera: Account; // viewer there
  let bob: Account; // member of nothing of Alice's
  let team: string;
  const api = (path: string) => `${app.url}/api/v1${path}`;
  const inTeam = (who: Account) => bearer(who.accessToken, { 'x-workspace-id': team });
  const put = (provider: string, body: unknown, headers: Record<string, string>) =>
    postJson(api(`/provider-keys/${provider}`), body, headers, 'PUT');
  const del = (provider: string, headers: Record<string, string>) =>
    fetch(api(`/provider-keys/${provider}`), { method: 'DELETE', headers });

  beforeAll(async () => {
    const db = await databaseFor(mode);
    cleanup = db.cleanup;
    dataDir = db.env.DATA_DIR;
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

  it('stores a key and never returns it in clear, only masked to its last 4 characters', async () => {
    const res = await put('openai', { apiKey: OPENAI_KEY }, inTeam(alice));
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).not.toContain(OPENAI_KEY.slice(0, -4));
    expect(JSON.parse(text)).toEqual({
      provider: 'openai',
      maskedKey: '…abcd',
      baseUrl: null,
      keyId: expect.stringMatching(/^[0-9a-f]{16}$/),
      updatedAt: expect.any(String),
    });

    for (const who of [alice, eddie, vera]) {
      const list = await fetch(api('/provider-keys'), { headers: inTeam(who) });
      const listText = await list.text();
      expect(list.status).toBe(200);
      expect(listText).not.toContain(OPENAI_KEY.slice(0, -4));
      expect(JSON.parse(listText).items.map((k: { maskedKey: string }) => k.maskedKey)).toEqual(['…abcd']);
    }
    // The clear key is only for the server's own use (the LLM router).
    expect(await app.app.get(ProviderKeysService).resolve(team, 'openai')).toEqual({ apiKey: OPENAI_KEY });

    const audit = await fetch(api(`/admin/audit-events?type=provider_key_changed&workspaceId=${team}`), {
      headers: bearer(alice.accessToken),
    });
    const auditText = await audit.text();
    expect(audit.status).toBe(200);
    expect(JSON.parse(auditText).items[0]).toMatchObject({
      actorUserId: alice.userId,
      details: { provider: 'openai' },
    });
    expect(auditText).not.toContain(OPENAI_KEY.slice(0, -4));
  });

  it('generated the encryption key once in DATA_DIR/secrets, readable by the owner only', async () => {
    expect(((await stat(join(dataDir, GENERATED_KEY_FILE))).mode & 0o777).toString(8)).toBe('600');
    expect(((await stat(join(dataDir, 'secrets'))).mode & 0o777).toString(8)).toBe('700');
    expect(Buffer.from((await readFile(join(dataDir, GENERATED_KEY_FILE), 'utf8')).trim(), 'base64')).toHaveLength(32);
  });

  it('lets editors set and delete keys, and viewers only list them', async () => {
    const set = await put(
      'openai-compatible',
      { apiKey: 'local-server-key-1234', baseUrl: 'http://vllm:8000/v1' },
      inTeam(eddie),
    );
    expect(set.status).toBe(200);
    expect(await readJson(set)).toMatchObject({ maskedKey: '…1234', baseUrl: 'http://vllm:8000/v1' });

    const viewerPut = await put('groq', { apiKey: 'gsk_from_a_viewer_0000' }, inTeam(vera));
    expect(viewerPut.status).toBe(403);
    expect((await del('openai-compatible', inTeam(vera))).status).toBe(403);
    expect(await app.app.get(ProviderKeysService).resolve(team, 'groq')).toBeNull();

    expect((await del('openai-compatible', inTeam(eddie))).status).toBe(204);
    const gone = await del('openai-compatible', inTeam(eddie));
    expect(gone.status).toBe(404);
    expect(await app.app.get(ProviderKeysService).resolve(team, 'openai-compatible')).toBeNull();
  });

  it('validates provider, key and base URL', async () => {
    const cases: Array<[string, unknown, string]> = [
      ['mistral', { apiKey: 'k' }, 'provider'],
      ['openai-compatible', { apiKey: 'k' }, 'baseUrl is required for openai-compatible'],
      ['openai-compatible', { apiKey: 'k', baseUrl: 'ftp://files.example/v1' }, 'baseUrl'],
      ['openai-compatible', { apiKey: 'k', baseUrl: 'http://user:pw@vllm:8000/v1' }, 'baseUrl'],
      ['openai', { apiKey: '' }, 'apiKey'],
      ['openai', { apiKey: 'sk with spaces' }, 'apiKey'],
      ['openai', {}, 'apiKey'],
    ];
    for (const [provider, body, message] of cases) {
      const res = await put(provider, body, inTeam(alice));
      expect({ provider, body, status: res.status }).toEqual({ provider, body, status: 400 });
      expect((await readJson(res)).message).toContain(message);
    }
  });

  it('keeps workspaces apart: a non-member gets 404 and its own workspace has no keys', async () => {
    const foreign = bearer(bob.accessToken, { 'x-workspace-id': team });
    expect((await fetch(api('/provider-keys'), { headers: foreign })).status).toBe(404);
    expect((await put('openai', { apiKey: 'sk-bob-overwrites-000000' }, foreign)).status).toBe(404);
    expect((await del('openai', foreign)).status).toBe(404);
    expect((await readJson(await fetch(api('/provider-keys'), { headers: bearer(bob.accessToken) }))).items).toEqual(
      [],
    );
    expect((await del('openai', bearer(bob.accessToken))).status).toBe(404);
    expect(await app.app.get(ProviderKeysService).resolve(team, 'openai')).toEqual({ apiKey: OPENAI_KEY });
  });

  it('is in the OpenAPI spec under its operation ids', async () => {
    const spec = JSON.parse(await readFile(join(__dirname, '../../../../openapi.json'), 'utf8'));
    expect(spec.paths['/api/v1/provider-keys'].get.operationId).toBe('listProviderKeys');
    expect(spec.paths['/api/v1/provider-keys/{provider}'].put.operationId).toBe('setProviderKey');
    expect(spec.paths['/api/v1/provider-keys/{provider}'].delete.operationId).toBe('deleteProviderKey');
  });
});
