import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AgentToolProvider } from '@docqa/agent';
import { bearer, createTeam, FAST_AUTH_ENV, postJson, registerAccount, type Account } from '../support/accounts';
import { readJson, startApi, type RunningApp } from '../support/http-app';
import type { ApiJson } from '../documents/documents-client';
import { startHttpFixture, stdioFixture, type HttpFixture } from '../support/mcp/fixture-servers';
import { databaseFor, databaseModes, testConfig } from '../support/test-env';

const HEADER_VALUE = 'Bearer value-never-shown-0c41';

/** `/api/v1/mcp/servers`: validation, owners only, tenancy, stdio refused by default, the tools probe. */
describe.each(databaseModes())('MCP server configuration API (%s)', (mode) => {
  let db: { env: Record<string, string>; cleanup(): Promise<void> };
  let api: RunningApp;
  let http: HttpFixture;
  let admin: Account;
  let owner: Account;
  let editor: Account;
  let stranger: Account;
  let teamId: string;

  const base = () => `${api.url}/api/v1/mcp/servers`;
  const valid = (extra: Record<string, unknown> = {}) => ({
    name: 'fixture',
    transport: 'http',
    url: http.url,
    allowedTools: ['echo'],
    ...extra,
  });

  async function send(
    account: Account | { apiKey: string },
    method: string,
    path: string,
    body?: unknown,
    workspaceId?: string,
  ): Promise<{ status: number; body: ApiJson }> {
    const auth = 'apiKey' in account ? { 'x-api-key': account.apiKey } : bearer(account.accessToken);
    const res = await fetch(`${base()}${path}`, {
      method,
      headers: {
        ...auth,
        ...(workspaceId ? { 'x-workspace-id': workspaceId } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: res.status === 204 ? null : await readJson(res) };
  }

  beforeAll(async () => {
    db = await databaseFor(mode);
    http = await startHttpFixture();
    // MCP_ALLOW_STDIO left at its default (off); the fixture server listens on loopback.
    api = await startApi(testConfig({ ...db.env, ...FAST_AUTH_ENV, MCP_ALLOW_PRIVATE_NETWORK: 'true' }));
    admin = await registerAccount(api.url);
    owner = await registerAccount(api.url);
    editor = await registerAccount(api.url);
    stranger = await registerAccount(api.url);
    teamId = await createTeam(api.url, owner, [[editor, 'editor']]);
  });
  afterAll(async () => {
    await api?.close();
    await http?.kill();
    await db?.cleanup();
  });

  it('creates, reads, changes and deletes a server, never showing header values', async () => {
    const created = await send(owner, 'POST', '', valid({ headers: { Authorization: HEADER_VALUE } }), teamId);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'fixture',
      transport: 'http',
      url: http.url,
      command: null,
      args: [],
      headerNames: ['Authorization'],
      envNames: [],
      allowedTools: ['echo'],
      timeoutMs: null,
      effectiveTimeoutMs: 30000,
      enabled: true,
    });
    const id = created.body.id;
    const listed = await send(owner, 'GET', '', undefined, teamId);
    expect(listed.body.items.map((s: { id: string }) => s.id)).toEqual([id]);
    expect(JSON.stringify(listed.body)).not.toContain(HEADER_VALUE);

    const changed = await send(owner, 'PATCH', `/${id}`, { allowedTools: ['*'], timeoutMs: 5000 }, teamId);
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      allowedTools: ['*'],
      timeoutMs: 5000,
      effectiveTimeoutMs: 5000,
      headerNames: ['Authorization'],
    });
    const cleared = await send(owner, 'PATCH', `/${id}`, { headers: null, timeoutMs: null }, teamId);
    expect(cleared.body).toMatchObject({ headerNames: [], timeoutMs: null, effectiveTimeoutMs: 30000 });

    expect((await send(owner, 'DELETE', `/${id}`, undefined, teamId)).status).toBe(204);
    expect((await send(owner, 'GET', `/${id}`, undefined, teamId)).status).toBe(404);
  });

  it('lists what a server offers, with the names the agent sees and the allow-list applied', async () => {
    const created = await send(owner, 'POST', '', valid({ name: 'probe', allowedTools: ['echo', 'dotted.tool'] }));
    expect(created.status).toBe(201);
    const probed = await send(owner, 'GET', `/${created.body.id}/tools`);
    expect(probed.status).toBe(200);
    expect(probed.body).toMatchObject({ serverId: created.body.id, reachable: true, serverVersion: 'fixture 1.2.3' });
    const byName = Object.fromEntries(probed.body.tools.map((t: { name: string }) => [t.name, t]));
    expect(byName.echo).toMatchObject({ exposedName: 'probe__echo', allowed: true, description: 'Repeats the text' });
    expect(byName['dotted.tool']).toMatchObject({ exposedName: 'probe__dotted_tool', allowed: true });
    expect(byName.add).toMatchObject({ exposedName: 'probe__add', allowed: false });
    expect(byName.echo.inputSchema).toMatchObject({ properties: { text: { type: 'string' } } });

    const dead = await send(owner, 'POST', '', valid({ name: 'dead', url: 'http://127.0.0.1:9/mcp' }));
    const unreachable = await send(owner, 'GET', `/${dead.body.id}/tools`);
    expect(unreachable.status).toBe(200);
    expect(unreachable.body).toMatchObject({ reachable: false, tools: [] });
    expect(unreachable.body.error).toMatch(/MCP server "dead" \(http:\/\/127\.0\.0\.1:9\/mcp\) could not be used/);
  });

  it.each([
    ['a bad name', { name: 'Bad_Name' }, /name must be 1-32 lower-case/],
    ['an unknown transport', { transport: 'sse' }, /transport must be one of/],
    ['a url that is not http', { url: 'ftp://example.com/mcp' }, /url must be an http\(s\) URL/],
    ['credentials in the url', { url: 'http://user:pw@example.com/mcp' }, /url must be an http\(s\) URL/],
    ['no allow-list', { allowedTools: undefined }, /allowedTools/],
    ['a timeout below 100 ms', { timeoutMs: 50 }, /timeoutMs must not be less than 100/],
    ['a header DocQA sets', { headers: { Host: 'x' } }, /headers must not set Host/],
    ['a header with a line break', { headers: { 'X-A': 'a\r\nb' } }, /headers X-A holds a character/],
    ['an unknown field', { extra: 1 }, /property extra should not exist/],
    ['an http server without url', { url: undefined }, /an http server needs a url/],
    ['an http server with a command', { command: 'node' }, /an http server takes no command/],
    ['an http server with env', { env: { A: 'b' } }, /an http server takes no env/],
  ])('refuses %s with 400 and stores nothing', async (_what, change, message) => {
    const before = (await send(owner, 'GET', '')).body.items.length;
    const res = await send(owner, 'POST', '', valid({ name: 'invalid', ...change }));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(res.body.message).toMatch(message);
    expect(typeof res.body.requestId).toBe('string');
    expect((await send(owner, 'GET', '')).body.items.length).toBe(before);
  });

  it('refuses a second server of the same name in a workspace, not in another', async () => {
    expect((await send(owner, 'POST', '', valid({ name: 'twice' }))).status).toBe(201);
    const again = await send(owner, 'POST', '', valid({ name: 'twice' }));
    expect(again.status).toBe(409);
    expect(again.body.message).toMatch(/already has an MCP server named "twice"/);
    expect((await send(stranger, 'POST', '', valid({ name: 'twice' }))).status).toBe(201);
  });

  it("answers 404 for another workspace's servers, whatever the method", async () => {
    const mine = await send(owner, 'POST', '', valid({ name: 'private' }));
    const id = mine.body.id;
    for (const [method, path, body] of [
      ['GET', `/${id}`, undefined],
      ['PATCH', `/${id}`, { enabled: false }],
      ['DELETE', `/${id}`, undefined],
      ['GET', `/${id}/tools`, undefined],
    ] as const) {
      const res = await send(stranger, method, path, body);
      expect([method, path, res.status]).toEqual([method, path, 404]);
      expect(res.body.message).toBe('MCP server not found');
    }
    expect((await send(owner, 'GET', `/${randomUUID()}`)).status).toBe(404);
    expect((await send(owner, 'GET', '/not-a-uuid')).status).toBe(400);
    expect((await send(stranger, 'GET', '')).body.items.map((s: { name: string }) => s.name)).not.toContain('private');
    expect((await send(owner, 'GET', `/${id}`)).body.enabled).toBe(true);
  });

  it('is for owners: editors get 403, and API keys need the admin scope to change anything', async () => {
    expect((await send(editor, 'GET', '', undefined, teamId)).status).toBe(403);
    const refused = await send(editor, 'POST', '', valid({ name: 'editors' }), teamId);
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/owner role/);

    const keyFor = async (scopes: string[]) => {
      const res = await postJson(
        `${api.url}/api/v1/api-keys`,
        { name: scopes.join('+'), scopes },
        bearer(owner.accessToken, { 'x-workspace-id': teamId }),
      );
      return { apiKey: (await readJson(res)).key as string };
    };
    const reader = await keyFor(['read']);
    expect((await send(reader, 'GET', '')).status).toBe(200);
    expect((await send(reader, 'POST', '', valid({ name: 'by-key' }))).status).toBe(403);
    const adminKey = await keyFor(['read', 'write', 'admin']);
    expect((await send(adminKey, 'POST', '', valid({ name: 'by-key' }))).status).toBe(201);
  });

  it('refuses stdio servers while MCP_ALLOW_STDIO is off, even to platform admins', async () => {
    expect(admin.platformRole).toBe('admin');
    const res = await send(admin, 'POST', '', {
      name: 'local',
      transport: 'stdio',
      ...stdioFixture(),
      allowedTools: [],
    });
    expect(res.status).toBe(403);
    expect(res.body.message).toMatch(/MCP_ALLOW_STDIO=false/);
    const http2 = await send(admin, 'POST', '', valid({ name: 'h' }));
    const switched = await send(admin, 'PATCH', `/${http2.body.id}`, { transport: 'stdio', ...stdioFixture() });
    expect(switched.status).toBe(403);
  });

  it('refuses http servers on private addresses unless MCP_ALLOW_PRIVATE_NETWORK, and never connects to one', async () => {
    // Its own database: an embedded one is open in one process at a time.
    const otherDb = await databaseFor(mode);
    const guarded = await startApi(testConfig({ ...otherDb.env, ...FAST_AUTH_ENV }));
    try {
      const someone = await registerAccount(guarded.url);
      const post = (url: string, name: string) =>
        fetch(`${guarded.url}/api/v1/mcp/servers`, {
          method: 'POST',
          headers: { ...bearer(someone.accessToken), 'content-type': 'application/json' },
          body: JSON.stringify(valid({ name, url })),
        });
      const port = new URL(http.url).port;
      for (const [name, url] of [
        ['loopback', http.url],
        ['by-name', `http://localhost:${port}/mcp`],
        ['ipv6', `http://[::1]:${port}/mcp`],
        ['mapped', `http://[::ffff:127.0.0.1]:${port}/mcp`],
        ['metadata', 'http://169.254.169.254/latest/meta-data'],
        ['lan', 'http://192.168.1.20/mcp'],
      ]) {
        const res = await post(url, name);
        expect([name, res.status]).toEqual([name, 400]);
        expect((await readJson(res)).message).toMatch(/MCP_ALLOW_PRIVATE_NETWORK/);
      }
      // A server stored while it was allowed: no request reaches it.
      await guarded.app.get(DataSource).query(
        `INSERT INTO "mcp_servers" ("workspace_id", "name", "transport", "url", "allowed_tools")
         VALUES ($1, 'inside', 'http', $2, '{*}')`,
        [someone.personalWorkspaceId, http.url],
      );
      const tools = guarded.app.get(AgentToolProvider);
      expect(await tools.listTools(someone.personalWorkspaceId)).toEqual([]);
      const called = await tools.callTool(someone.personalWorkspaceId, 'inside__echo', { text: 'x' });
      expect(called.isError).toBe(true);
      expect(called.content).toMatch(/MCP_ALLOW_PRIVATE_NETWORK/);
    } finally {
      await guarded.close();
      await otherDb.cleanup();
    }
  });

  it('starts no stdio server stored before MCP_ALLOW_STDIO was turned off', async () => {
    const ds = api.app.get(DataSource);
    await ds.query(
      `INSERT INTO "mcp_servers" ("workspace_id", "name", "transport", "command", "args", "allowed_tools")
       VALUES ($1, 'legacy', 'stdio', $2, $3, '{*}')`,
      [admin.personalWorkspaceId, stdioFixture().command, stdioFixture().args],
    );
    const tools = api.app.get(AgentToolProvider);
    const names = (await tools.listTools(admin.personalWorkspaceId)).map((t) => t.name);
    expect(names).toContain('h__echo'); // the workspace's http server still offers its tools
    expect(names.filter((n) => n.startsWith('legacy__'))).toEqual([]);
    const called = await tools.callTool(admin.personalWorkspaceId, 'legacy__echo', { text: 'x' });
    expect(called.isError).toBe(true);
    expect(called.content).toMatch(/MCP_ALLOW_STDIO/);
    const [row] = (await ds.query(`SELECT "id" FROM "mcp_servers" WHERE "name" = 'legacy'`)) as { id: string }[];
    expect((await send(admin, 'GET', `/${row.id}/tools`)).status).toBe(403);
  });

  it('records every change in the audit trail, without header values', async () => {
    const created = await send(owner, 'POST', '', valid({ name: 'audited', headers: { 'X-Key': HEADER_VALUE } }));
    await send(owner, 'PATCH', `/${created.body.id}`, { enabled: false });
    await send(owner, 'DELETE', `/${created.body.id}`);
    const res = await fetch(`${api.url}/api/v1/admin/audit-events?type=mcp_server_changed&limit=100`, {
      headers: bearer(admin.accessToken),
    });
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).not.toContain(HEADER_VALUE);
    const events = JSON.parse(text).items.filter(
      (e: { details: { serverId: string } }) => e.details.serverId === created.body.id,
    );
    expect(events.map((e: { details: { action: string } }) => e.details.action).sort()).toEqual([
      'created',
      'deleted',
      'updated',
    ]);
  });
});
