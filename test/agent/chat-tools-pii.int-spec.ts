import { bearer, postJson, registerAccount, OFFLINE_APP_ENV } from '../support/accounts';
import { FakeOpenAiChatServer, fakeCompatibleLlmEnv } from '../support/fake-llm-servers';
import { readJson, startApi, type RunningApp } from '../support/http-app';
import { startHttpFixture, type HttpFixture } from '../support/mcp/fixture-servers';
import { databaseFor, databaseModes, testConfig } from '../support/test-env';
import { ChatClient } from './chat-client';

const EMAIL = 'ada.lovelace@example.com';

/**
 * A hosted model choosing a tool under a workspace policy that tokenizes personal data: the model reads and
 * writes tokens only, while the MCP server (the fixture, in its own process) gets the value the user typed,
 * and its result is masked again on its way back to the model.
 */
describe.each(databaseModes())('POST /chat calling a tool with personal data in the question (%s)', (mode) => {
  let db: { env: Record<string, string>; cleanup(): Promise<void> };
  let fake: FakeOpenAiChatServer;
  let http: HttpFixture;
  let api: RunningApp;
  let client: ChatClient;

  beforeAll(async () => {
    db = await databaseFor(mode);
    fake = await new FakeOpenAiChatServer('openai').start();
    http = await startHttpFixture();
    api = await startApi(
      testConfig({
        ...db.env,
        ...OFFLINE_APP_ENV,
        ...fakeCompatibleLlmEnv(fake.baseUrl),
        // The fixture listens on loopback.
        MCP_ALLOW_PRIVATE_NETWORK: 'true',
      }),
    );
    const owner = await registerAccount(api.url);
    client = new ChatClient(api.url, owner);
    const policy = await postJson(
      `${api.url}/api/v1/safety/policy`,
      { entities: ['EMAIL_ADDRESS'], llm: { enabled: true, operator: 'tokenize' } },
      bearer(owner.accessToken),
      'PUT',
    );
    expect(policy.status).toBe(200);
    const server = await postJson(
      `${api.url}/api/v1/mcp/servers`,
      { name: 'remote', transport: 'http', url: http.url, allowedTools: ['echo'] },
      bearer(owner.accessToken),
    );
    expect(server.status).toBe(201);
    await readJson(server);
  });
  afterAll(async () => {
    await api?.close();
    await http?.kill();
    await fake?.close();
    await db?.cleanup();
  });
  beforeEach(() => fake.reset());

  it('gives the tool the original value while the model only ever sees its token', async () => {
    // The model answers with the token it was given, as a model told to repeat tokens does.
    fake.answerNext({
      kind: 'reply',
      toolCalls: [{ name: 'remote__echo', arguments: { text: 'Write to <EMAIL_ADDRESS_1>' } }],
    });
    fake.answerAlways({ kind: 'reply', text: 'The tool answered: echo: Write to <EMAIL_ADDRESS_1> [1].' });
    const res = await client.chat({ question: `Echo an invitation for ${EMAIL}` });
    fake.answerAlways(undefined);
    expect(res.status).toBe(200);
    // The fixture process echoes what it received: the address, not the token.
    expect(res.body.sources).toEqual([
      expect.objectContaining({
        kind: 'tool',
        tool: { server: 'remote', name: 'echo' },
        snippet: `echo: Write to ${EMAIL}`,
      }),
    ]);
    expect(res.body.outcome).toBe('answered');
    expect(res.body.answer).toContain(EMAIL);
    expect(res.body.answer).not.toMatch(/<EMAIL_ADDRESS_\d+>/);

    expect(fake.requests.length).toBeGreaterThanOrEqual(2);
    const [route, generate] = fake.requests.map((r) => JSON.stringify(r.body));
    expect(route).toContain('remote__echo');
    expect(route).toContain('<EMAIL_ADDRESS_1>');
    // The tool's result went back to the model masked as well.
    expect(generate).toContain('echo: Write to <EMAIL_ADDRESS_1>');
    for (const request of fake.requests) expect(JSON.stringify(request.body)).not.toContain(EMAIL);
  });
});
