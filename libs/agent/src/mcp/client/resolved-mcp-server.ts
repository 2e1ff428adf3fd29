import type { McpTransport } from './mcp-server.entity';

/** A server's configuration with its secrets opened: what the connections need, never sent over HTTP. */
export interface ResolvedMcpServer {
  id: string;
  workspaceId: string;
  name: string;
  transport: McpTransport;
  command: string | null;
  args: string[];
  env: Record<string, string>;
  url: string | null;
  headers: Record<string, string>;
  allowedTools: string[];
  /** The effective per-call timeout. */
  timeoutMs: number;
  enabled: boolean;
  /** Changes whenever the configuration does: a cached connection of another version is replaced. */
  version: string;
}
