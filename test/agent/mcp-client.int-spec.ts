import { DataSource } from 'typeorm';
import { AgentToolProvider, type AgentToolResult } from '@docqa/agent';
import { bearer, FAST_AUTH_ENV, postJson, registerAccount, type Account } from '../support/accounts';
import { readJson, startApi, type RunningApp } from '../support/http-app';
import type { ApiJson } from '../documents/documents-client';
import { eventually, startHttpFixture, stdioFixture, type HttpFixture } from '../support/mcp/fixture-servers';
import { databaseFor, databaseModes, testConfig } from '../support/test-env';

const TOKEN = 'fixture-token-7f3a9c';
const SECRET = 's3cret-env-value-51d2';

/**
 * The MCP client against real MCP server processes (the SDK's McpServer over stdio, and over streamable
 * HTTP in a child process), configured through the API and used through the agent's tool provider.
 */
describe.each(databaseModes())('MCP client: external servers as agent tools (%s)', (mode) => {
  let db: { env: Record<string, string>; cleanup(): Promise<void> };
  let api: RunningApp;
  let http: HttpFixture;
  let admin: Account;
  let other: Account;
  let tools: AgentToolProvider;
  let remoteId: string;

  const call = (name: string, args: Record<string, unknown> = {}, signal?: AbortSignal): Promise<AgentToolResult> =>
    tools.callTool(admin.personalWorkspaceId, name, args, signal);

  async function addServer(
    account: Account,
    body: Record<string, unknown>,
  ): Promise<{ status: number; body: ApiJson }> {
    const res = await postJson(`${api.url}/api/v1/mcp/servers`, body, bearer(account.accessToken));
    return { status: res.status, body: await readJson(res) };
  }

  beforeAll(async () => {
    db = await databaseFor(mode);
    http = await startHttpFixture({ FIXTURE_TOKEN: TOKEN });
    // The HTTP fixture listens on loopback.
    api = await startApi(
      testConfig({ ...db.env, ...FAST_AUTH_ENV, MCP_ALLOW_STDIO: 'true', MCP_ALLOW_PRIVATE_NETWORK: 'true' }),
    );
    admin = await registerAccount(api.url); // the first account: platform admin
    other = await registerAccount(api.url);
    tools = api.app.get(AgentToolProvider);
    const local = await addServer(admin, {
      name: 'local',
      transport: 'stdio',
      ...stdioFixture(),
      env: { FIXTURE_SECRET: SECRET },
      allowedTools: ['echo', 'fail', 'slow', 'crash', 'pid', 'secret', 'dotted.tool'],
      timeoutMs: 1500,
    });
    expect(local.status).toBe(201);
    const remote = await addServer(admin, {
      name: 'remote',
      transport: 'http',
      url: http.url,
      headers: { Authorization: `Bearer ${TOKEN}` },
      allowedTools: ['*'],
    });
    expect(remote.status).toBe(201);
    remoteId = remote.body.id;
  });
  afterAll(async () => {
    await api?.close();
    await http?.kill();
    await db?.cleanup();
  });

  it('lists the tools the allow-lists admit, named <server>__<tool>', async () => {
    const listed = await tools.listTools(admin.personalWorkspaceId);
    const names = listed.map((t) => t.name).sort();
    expect(names).toEqual(
      expect.arrayContaining([
        'local__echo',
        'local__fail',
        'local__dotted_tool',
        'remote__add',
        'remote__echo',
        'remote__auth',
      ]),
    );
    expect(names).not.toContain('local__add');
    expect(names).not.toContain('local__auth');
    const echo = listed.find((t) => t.name === 'local__echo')!;
    expect(echo.description).toBe('Repeats the text');
    expect(echo.parameters).toMatchObject({ type: 'object', properties: { text: { type: 'string' } } });
    expect(echo.server.name).toBe('local');
  });

  it('calls tools: results, tool errors, allow-lists and unknown names come back as results', async () => {
    expect(await call('local__echo', { text: 'hi' })).toMatchObject({ content: 'echo: hi', isError: false });
    expect(await call('remote__add', { a: 2, b: 3 })).toMatchObject({ content: '5', isError: false });
    expect(await call('local__dotted_tool')).toMatchObject({ content: 'dotted', isError: false });
    expect(await call('local__fail')).toMatchObject({ content: 'it failed on purpose', isError: true });
    const refused = await call('local__add', { a: 1, b: 1 });
    expect(refused.isError).toBe(true);
    expect(refused.content).toMatch(/not in the allow-list/);
    expect((await call('local__nothing')).content).toMatch(/does not offer it/);
    expect((await call('ghost__echo')).content).toMatch(/no enabled MCP server/);
    expect((await call('no-separator')).isError).toBe(true);
  });

  it('hands the sealed environment and headers to the servers and stores neither in clear', async () => {
    expect(await call('local__secret')).toMatchObject({ content: SECRET, isError: false });
    expect(await call('remote__auth')).toMatchObject({ content: `Bearer ${TOKEN}`, isError: false });
    const rows = (await api.app
      .get(DataSource)
      .query(`SELECT "name", "sealed_secrets", "header_names", "env_names" FROM "mcp_servers"`)) as Array<
      Record<string, unknown>
    >;
    const stored = JSON.stringify(rows);
    expect(stored).not.toContain(SECRET);
    expect(stored).not.toContain(TOKEN);
    expect(rows.find((r) => r.name === 'local')).toMatchObject({ env_names: ['FIXTURE_SECRET'] });
    const listed = await fetch(`${api.url}/api/v1/mcp/servers`, { headers: bearer(admin.accessToken) });
    const text = await listed.text();
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(TOKEN);
    expect(JSON.parse(text).items.map((s: { headerNames: string[] }) => s.headerNames)).toContainEqual([
      'Authorization',
    ]);
  });

  it('times a slow call out at the server timeout and keeps the connection', async () => {
    const pid = (await call('local__pid')).content;
    const slow = await call('local__slow', { ms: 20_000 });
    expect(slow.isError).toBe(true);
    expect(slow.content).toMatch(/timed out after 1500 ms/);
    expect(slow.durationMs).toBeGreaterThanOrEqual(1400);
    expect(slow.durationMs).toBeLessThan(6000);
    expect((await call('local__pid')).content).toBe(pid);
  });

  it('ends a call when the run is cancelled, with a result rather than a throw', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const cancelled = await call('remote__slow', { ms: 20_000 }, controller.signal);
    expect(cancelled).toMatchObject({ isError: true, content: 'The tool call was cancelled' });
    expect(cancelled.durationMs).toBeLessThan(3000);
  });

  it('survives the stdio process dying mid-call and being killed', async () => {
    const crashed = await call('local__crash');
    expect(crashed.isError).toBe(true);
    expect(crashed.content).toMatch(/closed the connection/);
    const first = await call('local__pid');
    expect(first.isError).toBe(false);
    process.kill(Number(first.content), 'SIGKILL');
    let next: AgentToolResult | undefined;
    await eventually(async () => {
      next = await call('local__pid');
      return !next.isError;
    }, 20_000);
    expect(next!.content).not.toBe(first.content);
    expect(await call('local__echo', { text: 'back' })).toMatchObject({ content: 'echo: back', isError: false });
  });

  it('survives the HTTP server going away and picks it up when it is back', async () => {
    const port = http.port;
    await http.kill();
    const down = await call('remote__echo', { text: 'x' });
    expect(down.isError).toBe(true);
    const listed = (await tools.listTools(admin.personalWorkspaceId)).map((t) => t.name);
    expect(listed).toContain('local__echo');
    http = await startHttpFixture({ FIXTURE_TOKEN: TOKEN }, port);
    let back: AgentToolResult | undefined;
    await eventually(async () => {
      back = await call('remote__echo', { text: 'again' });
      return !back.isError;
    }, 45_000);
    expect(back!.content).toBe('echo: again');
  });

  it('offers nothing from disabled servers, nor to other workspaces', async () => {
    const res = await postJson(
      `${api.url}/api/v1/mcp/servers/${remoteId}`,
      { enabled: false },
      bearer(admin.accessToken),
      'PATCH',
    );
    expect(res.status).toBe(200);
    const names = (await tools.listTools(admin.personalWorkspaceId)).map((t) => t.name);
    expect(names.some((n) => n.startsWith('remote__'))).toBe(false);
    expect((await call('remote__echo', { text: 'x' })).content).toMatch(/no enabled MCP server/);
    expect(await tools.listTools(other.personalWorkspaceId)).toEqual([]);
    const foreign = await tools.callTool(other.personalWorkspaceId, 'local__echo', { text: 'x' });
    expect(foreign).toMatchObject({ isError: true });
  });

  it('lets only platform admins configure stdio servers', async () => {
    const refused = await addServer(other, { name: 'mine', transport: 'stdio', ...stdioFixture(), allowedTools: [] });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/only platform admins/);
    const http2 = await addServer(other, { name: 'mine', transport: 'http', url: http.url, allowedTools: [] });
    expect(http2.status).toBe(201);
  });
});
