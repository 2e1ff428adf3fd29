import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SecretBox, type SealedColumn } from '@docqa/auth';
import { AppConfig } from '@docqa/core';
import { McpServerEntity } from './mcp-server.entity';
import type { ResolvedMcpServer } from './resolved-mcp-server';

export interface McpServerSecrets {
  headers: Record<string, string>;
  env: Record<string, string>;
}

/** What sealed secrets are bound to: a value copied to another row or workspace does not open. */
export function mcpSecretsContext(workspaceId: string, serverId: string): string {
  return `mcp-server:${workspaceId}:${serverId}`;
}

/** The servers' sealed header and environment values, for `npm run vault:reencrypt`. */
export const mcpServersSealedColumn: SealedColumn = {
  table: 'mcp_servers',
  idColumn: 'id',
  sealedColumn: 'sealed_secrets',
  keyIdColumn: 'key_id',
  contextColumns: ['workspace_id', 'name'],
  context: (row) => mcpSecretsContext(row.workspace_id, row.id),
  describe: (row) => `MCP server ${row.id} (${row.name}, workspace ${row.workspace_id})`,
};

/** Reads the workspace's server configurations and opens their secrets, for the connections. */
@Injectable()
export class McpServerStore {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly box: SecretBox,
    private readonly config: AppConfig,
  ) {}

  /** The workspace's enabled servers, by name. */
  async enabled(workspaceId: string): Promise<McpServerEntity[]> {
    return this.dataSource.getRepository(McpServerEntity).find({
      where: { workspaceId, enabled: true },
      order: { name: 'ASC' },
    });
  }

  async enabledByName(workspaceId: string, name: string): Promise<McpServerEntity | null> {
    return this.dataSource.getRepository(McpServerEntity).findOneBy({ workspaceId, name, enabled: true });
  }

  seal(workspaceId: string, serverId: string, secrets: McpServerSecrets): string | null {
    if (!Object.keys(secrets.headers).length && !Object.keys(secrets.env).length) return null;
    return this.box.seal(JSON.stringify(secrets), mcpSecretsContext(workspaceId, serverId));
  }

  get currentKeyId(): string {
    return this.box.currentKeyId;
  }

  /** The row's secrets; throws a `VaultException` when they cannot be opened (a lost or wrong key). */
  secretsOf(row: McpServerEntity): McpServerSecrets {
    if (!row.sealedSecrets) return { headers: {}, env: {} };
    const opened = JSON.parse(this.box.open(row.sealedSecrets, mcpSecretsContext(row.workspaceId, row.id))) as
      Partial<McpServerSecrets> | undefined;
    return { headers: opened?.headers ?? {}, env: opened?.env ?? {} };
  }

  resolve(row: McpServerEntity): ResolvedMcpServer {
    const secrets = this.secretsOf(row);
    return {
      id: row.id,
      workspaceId: row.workspaceId,
      name: row.name,
      transport: row.transport,
      command: row.command,
      args: row.args,
      env: secrets.env,
      url: row.url,
      headers: secrets.headers,
      allowedTools: row.allowedTools,
      timeoutMs: row.timeoutMs ?? this.config.mcp.callTimeoutMs,
      enabled: row.enabled,
      version: `${row.updatedAt.getTime()}:${row.timeoutMs ?? this.config.mcp.callTimeoutMs}`,
    };
  }
}
