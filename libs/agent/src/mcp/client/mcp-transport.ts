import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { Dispatcher } from 'undici';
import { guardedFetch } from './network-guard';
import type { ResolvedMcpServer } from './resolved-mcp-server';

/** The last bytes a stdio server wrote to stderr: what explains why it failed to start or died. */
const STDERR_TAIL = 2000;

export interface McpTransportHandle {
  transport: Transport;
  /** What the process wrote to stderr lately (stdio only). */
  stderrTail(): string;
  /** The server process's id (stdio only, once started). */
  pid(): number | null;
}

/**
 * The SDK transport for a server. A stdio server gets only the SDK's minimal environment (PATH, HOME,
 * USER...) plus its own variables, never DocQA's (which hold its secrets), and its stderr is captured
 * instead of interleaving with DocQA's log. An http server's requests go through `dispatcher`, a
 * `guardedDispatcher`: each connection resolves the host once, checks every address (private ones only with
 * MCP_ALLOW_PRIVATE_NETWORK) and connects to a checked one.
 */
export function createMcpTransport(server: ResolvedMcpServer, options: { dispatcher: Dispatcher }): McpTransportHandle {
  if (server.transport === 'stdio') {
    const transport = new StdioClientTransport({
      command: server.command ?? '',
      args: server.args,
      env: server.env,
      stderr: 'pipe',
    });
    let tail = '';
    transport.stderr?.on('data', (chunk: Buffer) => {
      tail = (tail + chunk.toString('utf8')).slice(-STDERR_TAIL);
    });
    return { transport, stderrTail: () => tail.trim(), pid: () => transport.pid };
  }
  const transport = new StreamableHTTPClientTransport(new URL(server.url ?? ''), {
    requestInit: { headers: server.headers },
    fetch: guardedFetch(options.dispatcher),
  });
  return { transport, stderrTail: () => '', pid: () => null };
}
