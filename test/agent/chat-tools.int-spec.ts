import { bearer, postJson, registerAccount, OFFLINE_APP_ENV } from '../support/accounts';
import { readJson, startApi, type RunningApp } from '../support/http-app';
import { startHttpFixture, type HttpFixture } from '../support/mcp/fixture-servers';
import { databaseFor, databaseModes, testConfig } from '../support/test-env';
import type { ApiJson } from '../documents/documents-client';
import { ChatClient } from './chat-client';

/**
 * `POST /chat` taking the tool path end to end: the workspace's MCP server (the fixture, over streamable HTTP
 * in its own process) fits the question, the agent calls it, and the answer cites the tool's result.
 */
describe.each(databaseModes())('POST /chat with an MCP tool (%s)', (mode) => {
  let db: { env: Record<string, string>; cleanup(): Promise<void> };
  let api: RunningApp;
  let http: HttpFixture;
  let client: ChatClient;

  beforeAll(async () => {
    db = await databaseFor(mode);
    http = await startHttpFixture();
    api = await startApi(
      testConfig({
        ...db.env,
        ...OFFLINE_APP_ENV,
        // The fixture listens on loopback.
        MCP_ALLOW_PRIVATE_NETWORK: 'true',
      }),
    );
    const owner = await registerAccount(api.url);
    client = new ChatClient(api.url, owner);
    const res = await postJson(
      `${api.url}/api/v1/mcp/servers`,
      { name: 'remote', transport: 'http', url: http.url, allowedTools: ['echo'] },
      bearer(owner.accessToken),
    );
    expect(res.status).toBe(201);
    await readJson(res);
  });
  afterAll(async () => {
    await api?.close();
    await http?.kill();
    await db?.cleanup();
  });

  it('calls the tool that fits the question and cites its result as a tool source', async () => {
    const question = 'Echo the text marmalade';
    const res = await client.chat({ question });
    expect(res.status).toBe(200);
    expect(res.body.outcome).toBe('answered');
    expect(res.body.sources).toEqual([
      expect.objectContaining({ n: 1, kind: 'tool', tool: { server: 'remote', name: 'echo' }, documentId: '' }),
    ]);
    expect(res.body.answer).toContain(`echo: ${question}`);
    expect(res.body.citations).toEqual([expect.objectContaining({ n: 1, chunkId: res.body.sources[0].chunkId })]);

    const streamed = await client.chatStream({ question });
    const nodes = streamed.events.filter((e) => e.event === 'node_start').map((e) => e.data.node);
    expect(nodes).toContain('call_tools');
    expect(nodes).not.toContain('retrieve');
    const sources = streamed.events.find((e) => e.event === 'sources')!.data.sources as ApiJson[];
    expect(sources[0]).toMatchObject({ kind: 'tool', snippet: `echo: ${question}` });
    expect(streamed.events.at(-1)!.event).toBe('done');
  });
});
