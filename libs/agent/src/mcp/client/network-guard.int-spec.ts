import { createServer, connect, type Server, type Socket } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { startHttpFixture, type HttpFixture } from '../../../../../test/support/mcp/fixture-servers';
import { createMcpTransport } from './mcp-transport';
import { guardedDispatcher, PrivateNetworkError, type GuardOptions, type Resolve } from './network-guard';
import type { ResolvedMcpServer } from './resolved-mcp-server';

/**
 * The guard against a real MCP server on loopback. A counting TCP relay sits in front of the fixture, so the
 * test sees every connection that would have reached it.
 */
describe('MCP http connections and DNS rebinding', () => {
  let fixture: HttpFixture;
  let relay: Server;
  let relayPort: number;
  let connections = 0;
  /** The start of what each connection sent: its request line and headers. */
  let sent: string[] = [];
  const sockets = new Set<Socket>();

  beforeAll(async () => {
    fixture = await startHttpFixture();
    relay = createServer((inbound) => {
      connections++;
      inbound.once('data', (chunk: Buffer) => sent.push(chunk.toString('latin1')));
      const outbound = connect(fixture.port, '127.0.0.1');
      for (const s of [inbound, outbound]) {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      inbound.pipe(outbound).pipe(inbound);
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    relayPort = (relay.address() as { port: number }).port;
  });

  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => relay.close(resolve));
    await fixture.kill();
  });

  beforeEach(() => {
    connections = 0;
    sent = [];
  });

  /** A name whose resolver answers `answers` in turn (the last one from then on), counting the lookups. */
  function rebinding(...answers: string[][]): Resolve & { calls: string[] } {
    const calls: string[] = [];
    return Object.assign(
      (hostname: string) => {
        calls.push(hostname);
        return Promise.resolve(answers[Math.min(calls.length, answers.length) - 1]);
      },
      { calls },
    );
  }

  const dispatchers: Array<ReturnType<typeof guardedDispatcher>> = [];
  afterEach(async () => {
    await Promise.all(dispatchers.splice(0).map((d) => d.close()));
  });

  async function connectTo(url: string, options: GuardOptions, timeoutMs = 10_000): Promise<Client> {
    const server: ResolvedMcpServer = {
      ...{ id: 'guarded', workspaceId: 'w', name: 'guarded', transport: 'http', command: null, args: [], env: {} },
      ...{ url, headers: {}, allowedTools: ['*'], timeoutMs: timeoutMs, enabled: true, version: '1' },
    };
    const dispatcher = guardedDispatcher(options);
    dispatchers.push(dispatcher);
    const { transport } = createMcpTransport(server, { dispatcher });
    const client = new Client({ name: 'network-guard-test', version: '1.0.0' });
    try {
      await client.connect(transport, { timeout: timeoutMs });
      return client;
    } catch (err) {
      await client.close();
      throw err;
    }
  }

  it('connects by name to the address its lookup checked, keeping the name (MCP_ALLOW_PRIVATE_NETWORK on)', async () => {
    const resolve = rebinding(['127.0.0.1']);
    const client = await connectTo(`http://fixture.example:${relayPort}/mcp`, { allowPrivateNetwork: true, resolve });
    try {
      const tools = (await client.listTools()).tools.map((t) => t.name);
      expect(tools).toContain('echo');
    } finally {
      await client.close();
    }
    expect(connections).toBeGreaterThan(0);
    expect(sent[0]).toMatch(new RegExp(`^host: fixture\\.example:${relayPort}\r$`, 'im'));
    expect(new Set(resolve.calls)).toEqual(new Set(['fixture.example']));
  });

  it('never reaches loopback through a name that answers a public address first and 127.0.0.1 after', async () => {
    // 192.0.2.1 is a documentation address: public to the guard, and nothing answers there.
    const resolve = rebinding(['192.0.2.1'], ['127.0.0.1']);
    const url = `http://rebind.example:${relayPort}/mcp`;
    // The first connection goes to the address its one lookup answered, never to a second answer.
    await expect(connectTo(url, { allowPrivateNetwork: false, resolve }, 1500)).rejects.toThrow();
    expect(resolve.calls).toEqual(['rebind.example']);
    // Every later lookup answers 127.0.0.1, and every later connection is refused before it is made.
    for (let i = 0; i < 2; i++) {
      await expect(connectTo(url, { allowPrivateNetwork: false, resolve })).rejects.toBeInstanceOf(PrivateNetworkError);
    }
    expect(resolve.calls).toEqual(['rebind.example', 'rebind.example', 'rebind.example']);
    expect(connections).toBe(0);
  });

  it('refuses names and addresses on loopback, with and without a mixed public answer', async () => {
    const urls: Array<[string, Resolve | undefined]> = [
      [`http://127.0.0.1:${relayPort}/mcp`, undefined],
      [`http://[::ffff:127.0.0.1]:${relayPort}/mcp`, undefined],
      [`http://localhost:${relayPort}/mcp`, undefined],
      [`http://mixed.example:${relayPort}/mcp`, rebinding(['192.0.2.1', '127.0.0.1'])],
    ];
    for (const [url, resolve] of urls) {
      await expect(connectTo(url, { allowPrivateNetwork: false, resolve })).rejects.toThrow(
        /MCP_ALLOW_PRIVATE_NETWORK/,
      );
    }
    expect(connections).toBe(0);
  });
});
