/**
 * A real MCP server for the tests, built with the SDK's `McpServer`: over stdio (`stdio`), or over
 * streamable HTTP on a loopback port (`http [port]`, printing `listening on port N`). Node runs it as it is
 * (type stripping), in its own process, so tests can time it out, crash it and kill it.
 *
 * Tools: `echo`, `add` (structured), `slow` (waits, honouring cancellation), `fail` (a tool error), `crash`
 * (the process exits mid-call), `pid`, `secret` (the FIXTURE_SECRET variable), `auth` (the Authorization
 * header it was sent, over HTTP) and `dotted.tool` (a name LLM APIs refuse as it is). With FIXTURE_TOKEN
 * set, the HTTP server refuses requests without `Authorization: Bearer <FIXTURE_TOKEN>`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';

function text(value: string) {
  return { content: [{ type: 'text' as const, text: value }] };
}

function build(): McpServer {
  const server = new McpServer({ name: 'fixture', version: '1.2.3' });
  server.registerTool(
    'echo',
    { description: 'Repeats the text', inputSchema: { text: z.string() } },
    async ({ text: t }) => text(`echo: ${t}`),
  );
  server.registerTool(
    'add',
    { description: 'Adds two numbers', inputSchema: { a: z.number(), b: z.number() } },
    async ({ a, b }) => ({ ...text(String(a + b)), structuredContent: { sum: a + b } }),
  );
  server.registerTool(
    'slow',
    { description: 'Waits ms milliseconds', inputSchema: { ms: z.number().int().min(0) } },
    async ({ ms }, extra) => {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        extra.signal.addEventListener('abort', () => {
          clearTimeout(timer);
          resolve();
        });
      });
      return text(extra.signal.aborted ? 'cancelled' : `slept ${ms} ms`);
    },
  );
  server.registerTool('fail', { description: 'Always fails' }, async () => ({
    ...text('it failed on purpose'),
    isError: true,
  }));
  server.registerTool('crash', { description: 'Exits the process' }, async () => {
    setImmediate(() => process.exit(3));
    return new Promise<never>(() => undefined);
  });
  server.registerTool('pid', { description: 'The process id' }, async () => text(String(process.pid)));
  server.registerTool('secret', { description: 'FIXTURE_SECRET' }, async () =>
    text(process.env.FIXTURE_SECRET ?? '(unset)'),
  );
  server.registerTool('auth', { description: 'The Authorization header received' }, async (extra) =>
    text(String(extra.requestInfo?.headers.authorization ?? '(none)')),
  );
  server.registerTool('dotted.tool', { description: 'A tool whose name has a dot' }, async () => text('dotted'));
  return server;
}

async function serveHttp(port: number): Promise<void> {
  const token = process.env.FIXTURE_TOKEN;
  const http = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (token && req.headers.authorization !== `Bearer ${token}`) {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"unauthorized"}');
      return;
    }
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    // Stateless: a server and a transport per request.
    const server = build();
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    server
      .connect(transport)
      .then(() => transport.handleRequest(req, res))
      .catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500).end(String(err));
      });
  });
  http.listen(port, '127.0.0.1', () => {
    const address = http.address();
    process.stdout.write(`listening on port ${typeof address === 'object' && address ? address.port : port}\n`);
  });
}

const [mode = 'stdio', port = '0'] = process.argv.slice(2);
if (mode === 'http') {
  await serveHttp(Number(port));
} else {
  await build().connect(new StdioServerTransport());
}
