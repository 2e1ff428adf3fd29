import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { bearer, FAST_AUTH_ENV, postJson, registerAccount } from '../support/accounts';
import { markdownDoc } from '../support/document-fixtures';
import { FakeOpenAiChatServer } from '../support/fake-llm-servers';
import { readJson, startApi, type RunningApp } from '../support/http-app';
import { eventually } from '../support/mcp/fixture-servers';
import { databaseFor, databaseModes, testConfig } from '../support/test-env';
import { SearchClient } from '../retrieval/search-client';

/**
 * An MCP client that goes away in the middle of `ask` cancels the run: the LLM call the agent is waiting on
 * (at a fake OpenAI server that never answers) is aborted, instead of running on for nobody.
 */
describe.each(databaseModes())('MCP endpoint: cancelling ask (%s)', (mode) => {
  let db: { env: Record<string, string>; cleanup(): Promise<void> };
  let api: RunningApp;
  let llm: FakeOpenAiChatServer;
  let key: string;

  // A document is ingested (parser processes included): slow on a busy machine.
  beforeAll(async () => {
    db = await databaseFor(mode);
    llm = await new FakeOpenAiChatServer('openai', { apiKey: 'sk-fake' }).start();
    api = await startApi(
      testConfig({
        ...db.env,
        ...FAST_AUTH_ENV,
        EMBEDDING_PROVIDER: 'offline',
        OPENAI_API_KEY: 'sk-fake',
        OPENAI_BASE_URL: llm.baseUrl,
        LLM_CHAIN: 'openai:gpt-4o-mini',
        LLM_MAX_RETRIES: '0',
        LLM_CONNECT_TIMEOUT_MS: '60000',
        LLM_FIRST_TOKEN_TIMEOUT_MS: '60000',
      }),
    );
    const owner = await registerAccount(api.url);
    await new SearchClient(api.url, owner).ingest(
      'pumps.md',
      markdownDoc([['Pumps', 'The velorium pump comes with a warranty of five years.']]),
    );
    const res = await postJson(
      `${api.url}/api/v1/api-keys`,
      { name: 'mcp', scopes: ['read'] },
      bearer(owner.accessToken),
    );
    key = (await readJson(res)).key;
  }, 180_000);
  afterAll(async () => {
    await api?.close();
    await llm?.close();
    await db?.cleanup();
  });

  it('aborts the LLM call when the client disconnects', async () => {
    llm.answerAlways({ kind: 'hang' });
    const client = new Client({ name: 'leaving-agent', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${api.url}/mcp`), { requestInit: { headers: { 'x-api-key': key } } }),
    );
    const pending = client
      .callTool({ name: 'ask', arguments: { question: 'How long is the warranty of the velorium pump?' } })
      .catch((err: unknown) => err);
    await eventually(() => llm.requests.length > 0, 20_000);
    expect(llm.closedByClient).toBe(0);
    await client.close();
    await eventually(() => llm.closedByClient > 0, 10_000);
    expect(await pending).toBeInstanceOf(Error);
  });
});
