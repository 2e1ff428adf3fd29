import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Agent } from 'undici';
import { ToolListChangedNotificationSchema, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { AppConfig } from '@docqa/core';
import { mcpErrorMessage } from './mcp-error-message';
import { createMcpTransport, type McpTransportHandle } from './mcp-transport';
import { guardedDispatcher } from './network-guard';
import type { ResolvedMcpServer } from './resolved-mcp-server';

/** How long a server's tool list is trusted without a `tools/list_changed` notification. */
const TOOLS_TTL_MS = 60_000;
/** A connection unused this long is closed (a stdio server's process ends with it). */
const IDLE_CLOSE_MS = 10 * 60_000;
const SWEEP_EVERY_MS = 60_000;
/** After a failed connect, the next attempt waits 1 s, doubling up to this. */
const MAX_RETRY_DELAY_MS = 30_000;
/** Pages of `tools/list` read from one server; a server listing more is cut there. */
const MAX_TOOL_PAGES = 10;

const CLIENT_INFO = { name: 'docqa', version: '1.0.0' };

interface Entry {
  version: string;
  client?: Client;
  handle?: McpTransportHandle;
  connecting?: Promise<Client>;
  tools?: Tool[];
  toolsAt: number;
  lastUsed: number;
  failures: number;
  retryAt: number;
  lastError?: string;
}

/** A server could not be reached or failed; the message is meant for the workspace's owners and the model. */
export class McpConnectionError extends Error {
  override name = 'McpConnectionError';
}

/** Resolves when the promise does, rejects as soon as the signal aborts (the work itself goes on). */
export function abortable<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(abortError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

function abortError(): Error {
  return Object.assign(new Error('The operation was aborted'), { name: 'AbortError' });
}

/**
 * Live connections to external MCP servers, one per server and configuration version, shared by every
 * run in this process. A connection that closes (the server process died, the HTTP server went away) is
 * dropped and the next use reconnects; a server that fails to connect is retried after a growing delay,
 * so a dead server does not slow every question down. All connections close with the module, and idle
 * ones after ten minutes.
 */
@Injectable()
export class McpConnections implements OnModuleDestroy {
  private readonly logger = new Logger('McpClient');
  private readonly entries = new Map<string, Entry>();
  private readonly sweeper: NodeJS.Timeout;
  /** The http servers' connection pool, address-checked (network-guard.ts); closed with this service. */
  private readonly dispatcher: Agent;

  constructor(private readonly config: AppConfig) {
    this.dispatcher = guardedDispatcher({ allowPrivateNetwork: config.mcp.allowPrivateNetwork });
    this.sweeper = setInterval(() => this.closeIdle(), SWEEP_EVERY_MS);
    this.sweeper.unref();
  }

  /** A connected client for the server (connecting when needed). */
  async client(server: ResolvedMcpServer, signal?: AbortSignal): Promise<Client> {
    const entry = this.entryFor(server);
    entry.lastUsed = Date.now();
    if (entry.client) return entry.client;
    if (!entry.connecting) {
      const wait = entry.retryAt - Date.now();
      if (wait > 0) {
        throw new McpConnectionError(
          `MCP server "${server.name}" is unavailable (retrying in ${Math.ceil(wait / 1000)} s): ${entry.lastError ?? 'connection failed'}`,
        );
      }
      entry.connecting = this.connect(server, entry);
    }
    return abortable(entry.connecting, signal);
  }

  /** The server's tools (every one it offers; allow-lists are applied by the caller). */
  async tools(server: ResolvedMcpServer, signal?: AbortSignal): Promise<Tool[]> {
    const client = await this.client(server, signal);
    const entry = this.entries.get(server.id);
    if (entry?.client === client && entry.tools && Date.now() - entry.toolsAt < TOOLS_TTL_MS) return entry.tools;
    const tools = await listAllTools(client, this.config.mcp.connectTimeoutMs, signal);
    if (entry?.client === client) {
      entry.tools = tools;
      entry.toolsAt = Date.now();
    }
    return tools;
  }

  /**
   * Connects afresh with a configuration (stored or not), lists every tool and disconnects: what an owner
   * sees before choosing the allow-list. Never uses or disturbs the shared connections.
   */
  async probe(server: ResolvedMcpServer, signal?: AbortSignal): Promise<{ tools: Tool[]; serverVersion?: string }> {
    const { client, handle } = await this.open(server, signal);
    try {
      const tools = await listAllTools(client, this.config.mcp.connectTimeoutMs, signal);
      const info = client.getServerVersion();
      return { tools, serverVersion: info ? `${info.name} ${info.version}` : undefined };
    } catch (err) {
      throw this.explain(server, err, handle);
    } finally {
      await client.close().catch(() => undefined);
    }
  }

  /** Closes the server's connection (its configuration changed or it was deleted). */
  async drop(serverId: string): Promise<void> {
    const entry = this.entries.get(serverId);
    this.entries.delete(serverId);
    if (entry) await retire(entry);
  }

  /** The process id of a connected stdio server (tests kill it to see the next call reconnect). */
  pidOf(serverId: string): number | null {
    return this.entries.get(serverId)?.handle?.pid() ?? null;
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.sweeper);
    const entries = [...this.entries.values()];
    this.entries.clear();
    await Promise.all(entries.map(retire));
    await this.dispatcher.close();
  }

  private entryFor(server: ResolvedMcpServer): Entry {
    const existing = this.entries.get(server.id);
    if (existing?.version === server.version) return existing;
    // The configuration changed (here or in another process): the old connection is of no more use.
    if (existing) void retire(existing);
    const entry: Entry = { version: server.version, toolsAt: 0, lastUsed: Date.now(), failures: 0, retryAt: 0 };
    this.entries.set(server.id, entry);
    return entry;
  }

  private async connect(server: ResolvedMcpServer, entry: Entry): Promise<Client> {
    try {
      const { client, handle } = await this.open(server);
      if (this.entries.get(server.id) !== entry) {
        // Dropped or reconfigured while connecting.
        await client.close().catch(() => undefined);
        throw new McpConnectionError(`MCP server "${server.name}" was reconfigured while connecting`);
      }
      client.onclose = () => {
        if (entry.client !== client) return;
        entry.client = undefined;
        entry.handle = undefined;
        entry.tools = undefined;
        const stderr = handle.stderrTail();
        this.logger.warn(
          { workspaceId: server.workspaceId, server: server.name },
          `MCP server connection closed; the next call reconnects${stderr ? `. Its stderr: ${stderr.slice(-300)}` : ''}`,
        );
      };
      client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
        if (entry.client === client) entry.tools = undefined;
      });
      entry.client = client;
      entry.handle = handle;
      entry.failures = 0;
      entry.retryAt = 0;
      entry.lastError = undefined;
      return client;
    } catch (err) {
      entry.failures++;
      entry.retryAt = Date.now() + Math.min(MAX_RETRY_DELAY_MS, 1000 * 2 ** (entry.failures - 1));
      entry.lastError = err instanceof Error ? err.message : String(err);
      this.logger.warn(
        { workspaceId: server.workspaceId, server: server.name, failures: entry.failures },
        `MCP server connection failed: ${entry.lastError}`,
      );
      throw err;
    } finally {
      entry.connecting = undefined;
    }
  }

  /** A new, initialised connection; a failure closes what was started (a stdio process included). */
  private async open(
    server: ResolvedMcpServer,
    signal?: AbortSignal,
  ): Promise<{ client: Client; handle: McpTransportHandle }> {
    if (server.transport === 'stdio' && !this.config.mcp.allowStdio) {
      throw new McpConnectionError(`MCP server "${server.name}" is a stdio server, and MCP_ALLOW_STDIO is off`);
    }
    const handle = createMcpTransport(server, { dispatcher: this.dispatcher });
    const client = new Client(CLIENT_INFO);
    try {
      await client.connect(handle.transport, { timeout: this.config.mcp.connectTimeoutMs, signal });
      return { client, handle };
    } catch (err) {
      await client.close().catch(() => undefined);
      await handle.transport.close().catch(() => undefined);
      throw this.explain(server, err, handle);
    }
  }

  private explain(server: ResolvedMcpServer, err: unknown, handle?: McpTransportHandle): Error {
    if (err instanceof McpConnectionError || (err instanceof Error && err.name === 'AbortError')) return err;
    const stderr = handle?.stderrTail();
    const where = server.transport === 'stdio' ? `command ${server.command}` : withoutQuery(server.url ?? '');
    return new McpConnectionError(
      `MCP server "${server.name}" (${where}) could not be used: ${mcpErrorMessage(err)}${stderr ? `; stderr: ${stderr.slice(-500)}` : ''}`,
      { cause: err },
    );
  }

  private closeIdle(): void {
    const now = Date.now();
    for (const [id, entry] of this.entries) {
      if (entry.client && !entry.connecting && now - entry.lastUsed > IDLE_CLOSE_MS) {
        this.entries.delete(id);
        void retire(entry);
      }
    }
  }
}

/** Closes an entry's connection on purpose (no "connection closed" warning), one still connecting too. */
async function retire(entry: Entry): Promise<void> {
  const client = entry.client;
  entry.client = undefined;
  const connecting = entry.connecting;
  await client?.close().catch(() => undefined);
  const late = await connecting?.catch(() => undefined);
  await late?.close().catch(() => undefined);
}

/** A URL without its query string, which may carry a token. */
function withoutQuery(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return 'its URL';
  }
}

async function listAllTools(client: Client, timeout: number, signal?: AbortSignal): Promise<Tool[]> {
  const tools: Tool[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_TOOL_PAGES; page++) {
    const result = await client.listTools(cursor ? { cursor } : undefined, { timeout, signal });
    tools.push(...result.tools);
    cursor = result.nextCursor;
    if (!cursor) break;
  }
  return tools;
}
