import { Injectable, Logger } from '@nestjs/common';
import { ErrorCode, McpError, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { AppConfig } from '@docqa/core';
import { AgentTool, AgentToolProvider, AgentToolResult } from '../tools/agent-tool-provider';
import { isToolAllowed } from './client/allow-list';
import { abortable, McpConnections } from './client/mcp-connections';
import { mcpErrorMessage } from './client/mcp-error-message';
import type { McpServerEntity } from './client/mcp-server.entity';
import { McpServerStore } from './client/mcp-server-store';
import type { ResolvedMcpServer } from './client/resolved-mcp-server';
import { exposedToolNames, serverNameOf } from './client/tool-names';
import { toolResultText, truncate } from './client/tool-result-text';

/** Tool descriptions come from the server; long ones would crowd the prompt. */
const MAX_DESCRIPTION_CHARS = 1024;

/**
 * The workspace's external MCP servers as agent tools: each enabled server's tools that its allow-list
 * admits, named `<server>__<tool>`. Listing skips a server that cannot be reached (and logs why); a call
 * never throws: a tool's own error, a timeout, a dead server or a cancelled run all come back as a result
 * with `isError`, so the agent can tell the model and go on.
 */
@Injectable()
export class McpToolRegistry extends AgentToolProvider {
  private readonly logger = new Logger('McpTools');

  constructor(
    private readonly store: McpServerStore,
    private readonly connections: McpConnections,
    private readonly config: AppConfig,
  ) {
    super();
  }

  async listTools(workspaceId: string, signal?: AbortSignal): Promise<AgentTool[]> {
    let rows: McpServerEntity[];
    try {
      rows = await this.store.enabled(workspaceId);
    } catch (err) {
      // Without its tools the agent still answers from the documents.
      this.logger.error({ err, workspaceId }, 'could not read the workspace MCP servers');
      return [];
    }
    const lists = await Promise.all(
      rows.map(async (row) => {
        try {
          return await this.toolsOf(row, signal);
        } catch (err) {
          if (signal?.aborted) return [];
          this.logger.warn(
            { workspaceId, server: row.name },
            `MCP server left out of the tools: ${mcpErrorMessage(err)}`,
          );
          return [];
        }
      }),
    );
    return lists.flat();
  }

  async callTool(
    workspaceId: string,
    name: string,
    args: Record<string, unknown>,
    signal?: AbortSignal,
  ): Promise<AgentToolResult> {
    const started = performance.now();
    const result = (content: string, isError: boolean): AgentToolResult => ({
      content,
      isError,
      durationMs: Math.round(performance.now() - started),
    });
    const serverName = serverNameOf(name);
    let row: McpServerEntity | null;
    try {
      row = serverName ? await this.store.enabledByName(workspaceId, serverName) : null;
    } catch (err) {
      this.logger.error({ err, workspaceId }, 'could not read the workspace MCP servers');
      return result('The tool call failed: its server configuration could not be read', true);
    }
    if (!row) return result(`Unknown tool ${name}: no enabled MCP server offers it`, true);
    if (!row.allowedTools.length) {
      // An empty allow-list admits nothing: no need to start or reach the server to say so.
      return result(`Tool ${name} is not in the allow-list of MCP server "${row.name}"`, true);
    }
    let server: ResolvedMcpServer | undefined;
    try {
      server = this.runnable(row);
      const tool = await this.findTool(server, name, signal);
      if (!tool) return result(`Unknown tool ${name}: MCP server "${server.name}" does not offer it`, true);
      if (!isToolAllowed(server.allowedTools, tool.name)) {
        return result(`Tool ${name} is not in the allow-list of MCP server "${server.name}"`, true);
      }
      const client = await this.connections.client(server, signal);
      const timeout = server.timeoutMs;
      const called = await abortable(
        client.callTool({ name: tool.name, arguments: args }, undefined, {
          timeout,
          maxTotalTimeout: timeout,
          signal,
        }),
        signal,
      );
      return result(toolResultText(called), called.isError === true);
    } catch (err) {
      return result(this.failure(workspaceId, row, server, err, signal), true);
    }
  }

  private async toolsOf(row: McpServerEntity, signal?: AbortSignal): Promise<AgentTool[]> {
    if (row.transport === 'stdio' && !this.config.mcp.allowStdio) return [];
    const server = this.runnable(row);
    const tools = await this.connections.tools(server, signal);
    const byName = new Map(tools.map((t) => [t.name, t]));
    const out: AgentTool[] = [];
    for (const [exposed, original] of exposedToolNames(
      server.name,
      tools.map((t) => t.name),
    )) {
      const tool = byName.get(original)!;
      if (!isToolAllowed(server.allowedTools, original)) continue;
      out.push({
        name: exposed,
        description: truncate(tool.description ?? tool.title ?? original, MAX_DESCRIPTION_CHARS),
        parameters: tool.inputSchema as Record<string, unknown>,
        server: { id: server.id, name: server.name },
      });
    }
    return out;
  }

  private async findTool(server: ResolvedMcpServer, exposed: string, signal?: AbortSignal): Promise<Tool | undefined> {
    const tools = await this.connections.tools(server, signal);
    const original = exposedToolNames(
      server.name,
      tools.map((t) => t.name),
    ).get(exposed);
    return original === undefined ? undefined : tools.find((t) => t.name === original);
  }

  /** The row ready to connect to; a stdio server only while MCP_ALLOW_STDIO allows it. */
  private runnable(row: McpServerEntity): ResolvedMcpServer {
    if (row.transport === 'stdio' && !this.config.mcp.allowStdio) {
      throw new Error(`MCP server "${row.name}" is a stdio server, and stdio servers are disabled (MCP_ALLOW_STDIO)`);
    }
    return this.store.resolve(row);
  }

  private failure(
    workspaceId: string,
    row: McpServerEntity,
    server: ResolvedMcpServer | undefined,
    err: unknown,
    signal?: AbortSignal,
  ): string {
    if (signal?.aborted) return 'The tool call was cancelled';
    if (err instanceof McpError && err.code === ErrorCode.RequestTimeout) {
      return `The tool call timed out after ${server?.timeoutMs ?? this.config.mcp.callTimeoutMs} ms`;
    }
    if (err instanceof McpError && err.code === ErrorCode.ConnectionClosed) {
      // The server went away mid-call (its process died): the next call reconnects.
      void this.connections.drop(row.id);
      return `MCP server "${row.name}" closed the connection during the call`;
    }
    this.logger.warn({ workspaceId, server: row.name }, `MCP tool call failed: ${mcpErrorMessage(err)}`);
    return `The tool call failed: ${mcpErrorMessage(err)}`;
  }
}
