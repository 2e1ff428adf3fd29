import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { bearer, FAST_AUTH_ENV, postJson, registerAccount, type Account } from '../support/accounts';
import { markdownDoc, pdfWithPages } from '../support/document-fixtures';
import { readJson, startApi, type RunningApp } from '../support/http-app';
import { databaseFor, databaseModes, testConfig } from '../support/test-env';
import type { ApiJson } from '../documents/documents-client';
import { SearchClient } from '../retrieval/search-client';

/** What a tool call returned, as the SDK's client gives it. */
interface ToolOutput {
  content: Array<{ type: string; text?: string }>;
  structuredContent?: ApiJson;
  isError?: boolean;
}

/**
 * DocQA as an MCP server at /mcp, driven by the SDK's own client over streamable HTTP with API keys:
 * tools listed and called on uploaded documents, keys required, and one workspace never sees another's.
 */
describe.each(databaseModes())('MCP endpoint /mcp (%s)', (mode) => {
  let db: { env: Record<string, string>; cleanup(): Promise<void> };
  let api: RunningApp;
  let owner: Account;
  let stranger: Account;
  let ownerKey: string;
  let strangerKey: string;
  let report: ApiJson;
  let notes: ApiJson;
  const clients: Client[] = [];

  async function apiKey(account: Account, scopes = ['read']): Promise<string> {
    const res = await postJson(`${api.url}/api/v1/api-keys`, { name: 'mcp', scopes }, bearer(account.accessToken));
    const body = await readJson(res);
    if (res.status !== 201) throw new Error(`api key: ${res.status} ${JSON.stringify(body)}`);
    return body.key;
  }

  async function connect(headers: Record<string, string>): Promise<Client> {
    const client = new Client({ name: 'test-agent', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${api.url}/mcp`), { requestInit: { headers } }));
    clients.push(client);
    return client;
  }

  const callTool = async (client: Client, name: string, args: Record<string, unknown>) =>
    (await client.callTool({ name, arguments: args })) as ToolOutput;
  const textOf = (out: ToolOutput) => out.content.map((c) => c.text ?? '').join('\n');

  // Three documents are ingested (parser processes included): slow on a busy machine.
  beforeAll(async () => {
    db = await databaseFor(mode);
    api = await startApi(
      testConfig({
        ...db.env,
        ...FAST_AUTH_ENV,
        EMBEDDING_PROVIDER: 'offline',
        CHUNK_CHILD_TOKENS: '40',
        CHUNK_CHILD_OVERLAP_TOKENS: '5',
        CHUNK_PARENT_TOKENS: '120',
      }),
    );
    owner = await registerAccount(api.url);
    stranger = await registerAccount(api.url);
    const docs = new SearchClient(api.url, owner);
    report = await docs.ingest(
      'quarterly-report.pdf',
      pdfWithPages([
        ['Revenue grew in the first quarter.', 'The board approved the budget.'],
        ['The zephyrine turbine project slipped by two months.', 'Hiring slowed in the second quarter.'],
      ]),
    );
    notes = await docs.ingest(
      'notes.md',
      markdownDoc([
        ['Lunch', 'The cafeteria serves soup on Tuesdays.'],
        ['Pumps', 'The velorium pump comes with a warranty of five years. The warranty covers the seals.'],
      ]),
    );
    await new SearchClient(api.url, stranger).ingest(
      'stranger.md',
      markdownDoc([['Secret', 'The stranger also mentions the zephyrine turbine in passing.']]),
    );
    ownerKey = await apiKey(owner);
    strangerKey = await apiKey(stranger);
  }, 180_000);
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
    await api?.close();
    await db?.cleanup();
  });

  it('lists search and ask to a client with an API key', async () => {
    const client = await connect({ 'x-api-key': ownerKey });
    expect(client.getServerVersion()).toMatchObject({ name: 'docqa' });
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['ask', 'search']);
    const search = tools.find((t) => t.name === 'search')!;
    expect(search.inputSchema).toMatchObject({ properties: { query: { type: 'string' } }, required: ['query'] });
    expect(search.annotations).toMatchObject({ readOnlyHint: true });
  });

  it("search finds an uploaded document's chunks with their document and page", async () => {
    const client = await connect({ authorization: `Bearer ${ownerKey}` });
    const out = await callTool(client, 'search', { query: 'zephyrine turbine' });
    expect(out.isError).toBeFalsy();
    const results = out.structuredContent.results as ApiJson[];
    expect(results.length).toBeGreaterThan(0);
    expect(results[0]).toMatchObject({ n: 1, documentId: report.id, filename: 'quarterly-report.pdf' });
    // Passages may run across pages: this one covers page 2, where the words are.
    expect(results[0].page).toBeLessThanOrEqual(2);
    expect(results[0].unitEnd ?? results[0].page).toBeGreaterThanOrEqual(2);
    expect(results[0].snippet).toContain('zephyrine turbine project slipped');
    expect(results.every((r) => r.documentId === report.id)).toBe(true);
    expect(textOf(out)).toMatch(/^\[1\] quarterly-report \(quarterly-report\.pdf\), pages? [12]/);
    // The chunk the tool returned is the document's own chunk.
    const chunks = await new SearchClient(api.url, owner).allChunks(report.id);
    expect(chunks.map((c: ApiJson) => c.id)).toContain(results[0].chunkId);
  });

  it('search honours document filters and says when nothing matches', async () => {
    const client = await connect({ 'x-api-key': ownerKey });
    const scoped = await callTool(client, 'search', { query: 'zephyrine turbine', documentIds: [notes.id] });
    expect(scoped.structuredContent.results).toEqual([]);
    expect(textOf(scoped)).toBe('No passage matches.');
    const invalid = await callTool(client, 'search', { query: '' });
    expect(invalid.isError).toBe(true);
  });

  it("never shows another workspace's documents", async () => {
    const client = await connect({ 'x-api-key': strangerKey });
    const out = await callTool(client, 'search', { query: 'zephyrine turbine' });
    const results = out.structuredContent.results as ApiJson[];
    expect(results.length).toBeGreaterThan(0);
    expect(results.every((r) => r.filename === 'stranger.md')).toBe(true);
    expect(JSON.stringify(out)).not.toContain(report.id);
    const foreign = await callTool(client, 'search', { query: 'turbine', documentIds: [report.id] });
    expect(foreign.isError).toBe(true);
    expect(textOf(foreign)).toMatch(/not found/i);
  });

  it('ask answers from the documents with citations bound to their sources', async () => {
    const client = await connect({ 'x-api-key': ownerKey });
    const out = await callTool(client, 'ask', { question: 'How long is the warranty of the velorium pump?' });
    expect(out.isError).toBeFalsy();
    expect(out.structuredContent).toMatchObject({ outcome: 'answered' });
    expect(out.structuredContent.answer).toContain('five years');
    const sources = out.structuredContent.sources as ApiJson[];
    expect(sources[0]).toMatchObject({ documentId: notes.id, filename: 'notes.md', kind: 'document' });
    const citations = out.structuredContent.citations as ApiJson[];
    expect(citations.length).toBeGreaterThan(0);
    for (const c of citations) expect(sources.map((s) => s.chunkId)).toContain(c.chunkId);
    expect(textOf(out)).toMatch(/five years[\s\S]*\n\nSources:\n\[1\] notes \(notes\.md\)/);
  });

  it("ask answers only from the key's workspace", async () => {
    const client = await connect({ 'x-api-key': strangerKey });
    const out = await callTool(client, 'ask', { question: 'How long is the warranty of the velorium pump?' });
    expect(out.structuredContent.outcome).toBe('unanswerable');
    expect(out.structuredContent.sources).toEqual([]);
  });

  it('answers 401 without a valid API key, and to session tokens', async () => {
    const init = {
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } },
    };
    const headers = { accept: 'application/json, text/event-stream' };
    const none = await postJson(`${api.url}/mcp`, init, headers);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect(await readJson(none)).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
    const wrong = await postJson(`${api.url}/mcp`, init, { ...headers, 'x-api-key': `${ownerKey.slice(0, -2)}xx` });
    expect(wrong.status).toBe(401);
    const session = await postJson(`${api.url}/mcp`, init, { ...headers, ...bearer(owner.accessToken) });
    expect(session.status).toBe(401);
    expect((await readJson(session)).message).toMatch(/API key/);
    await expect(connect({})).rejects.toThrow(/401/);
  });

  it('is not served when MCP_SERVER_ENABLED is false', async () => {
    const other = await databaseFor(mode);
    const off = await startApi(testConfig({ ...other.env, ...FAST_AUTH_ENV, MCP_SERVER_ENABLED: 'false' }));
    try {
      const account = await registerAccount(off.url);
      const res = await postJson(
        `${off.url}/api/v1/api-keys`,
        { name: 'mcp', scopes: ['read'] },
        bearer(account.accessToken),
      );
      const key = (await readJson(res)).key;
      const refused = await postJson(
        `${off.url}/mcp`,
        {},
        { 'x-api-key': key, accept: 'application/json, text/event-stream' },
      );
      expect(refused.status).toBe(404);
      expect((await readJson(refused)).message).toMatch(/MCP_SERVER_ENABLED=false/);
    } finally {
      await off.close();
      await other.cleanup();
    }
  });

  it('is served at /mcp only, stateless: GET and DELETE answer 405', async () => {
    const get = await fetch(`${api.url}/mcp`, { headers: { 'x-api-key': ownerKey, accept: 'text/event-stream' } });
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect((await fetch(`${api.url}/api/v1/mcp`, { method: 'POST', headers: { 'x-api-key': ownerKey } })).status).toBe(
      404,
    );
  });
});
