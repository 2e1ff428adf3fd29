import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  AuditEventType,
  AuditService,
  AuthErrorCode,
  AuthException,
  roleAtLeast,
  type RequestContextInfo,
  type RequestPrincipal,
} from '@docqa/auth';
import { AppConfig, isUniqueViolation } from '@docqa/core';
import { McpConnections } from '../client/mcp-connections';
import { McpServerEntity, type McpTransport } from '../client/mcp-server.entity';
import { McpServerStore, type McpServerSecrets } from '../client/mcp-server-store';
import { isToolAllowed } from '../client/allow-list';
import { exposedToolNames } from '../client/tool-names';
import { AgentErrorCode, AgentException } from '../../agent.errors';
import { assertPublicUrl, PrivateNetworkError } from '../client/network-guard';
import type { CreateMcpServerDto, McpServerDto, McpServerToolsDto, UpdateMcpServerDto } from './mcp-server.dto';

/** Servers one workspace may configure: each may hold a connection (and a process) open in every api instance. */
export const MAX_SERVERS_PER_WORKSPACE = 20;

/** A configuration as it will be stored, before it is checked as a whole. */
interface ServerConfig {
  name: string;
  transport: McpTransport;
  command: string | null;
  args: string[];
  url: string | null;
  secrets: McpServerSecrets;
  allowedTools: string[];
  timeoutMs: number | null;
  enabled: boolean;
}

/**
 * The workspace's external MCP servers: owners list, add, change, remove and probe them. A stdio server
 * runs a command on the DocQA host, so only platform admins configure one, and only while MCP_ALLOW_STDIO
 * is on. Every change is audited (never with a header or environment value) and closes the server's
 * cached connection in this process; other processes notice the new version on their next use.
 */
@Injectable()
export class McpServersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly store: McpServerStore,
    private readonly connections: McpConnections,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  async list(principal: RequestPrincipal): Promise<McpServerDto[]> {
    assertOwner(principal);
    const rows = await this.dataSource
      .getRepository(McpServerEntity)
      .find({ where: { workspaceId: principal.workspaceId }, order: { name: 'ASC' } });
    return rows.map((r) => this.toDto(r));
  }

  async get(principal: RequestPrincipal, id: string): Promise<McpServerDto> {
    assertOwner(principal);
    return this.toDto(await this.find(principal, id));
  }

  async create(
    principal: RequestPrincipal,
    input: CreateMcpServerDto,
    context?: RequestContextInfo,
  ): Promise<McpServerDto> {
    assertOwner(principal);
    const config: ServerConfig = {
      name: input.name,
      transport: input.transport,
      command: input.command ?? null,
      args: input.args ?? [],
      url: input.url ?? null,
      secrets: { headers: input.headers ?? {}, env: input.env ?? {} },
      allowedTools: dedupe(input.allowedTools),
      timeoutMs: input.timeoutMs ?? null,
      enabled: input.enabled ?? true,
    };
    await this.check(principal, config);
    const workspaceId = principal.workspaceId;
    const id = randomUUID();
    const row = await this.write(async (manager) => {
      const count = await manager.countBy(McpServerEntity, { workspaceId });
      if (count >= MAX_SERVERS_PER_WORKSPACE) {
        throw new AgentException(
          AgentErrorCode.McpTooManyServers,
          `a workspace may have at most ${MAX_SERVERS_PER_WORKSPACE} MCP servers`,
        );
      }
      await manager.insert(McpServerEntity, {
        id,
        workspaceId,
        ...this.columns(workspaceId, id, config),
        createdBy: principal.userId,
      });
      await this.record(manager, principal, context, id, config, 'created');
      return manager.findOneByOrFail(McpServerEntity, { id });
    }, config.name);
    return this.toDto(row);
  }

  async update(
    principal: RequestPrincipal,
    id: string,
    input: UpdateMcpServerDto,
    context?: RequestContextInfo,
  ): Promise<McpServerDto> {
    assertOwner(principal);
    const existing = await this.find(principal, id);
    if (existing.transport === 'stdio') this.assertMayConfigureStdio(principal);
    const secrets =
      input.headers !== undefined && input.env !== undefined
        ? { headers: {}, env: {} }
        : this.store.secretsOf(existing);
    const config: ServerConfig = {
      name: input.name ?? existing.name,
      transport: input.transport ?? existing.transport,
      command: input.command !== undefined ? input.command : existing.command,
      args: input.args ?? existing.args,
      url: input.url !== undefined ? input.url : existing.url,
      secrets: {
        headers: input.headers !== undefined ? (input.headers ?? {}) : secrets.headers,
        env: input.env !== undefined ? (input.env ?? {}) : secrets.env,
      },
      allowedTools: input.allowedTools ? dedupe(input.allowedTools) : existing.allowedTools,
      timeoutMs: input.timeoutMs !== undefined ? input.timeoutMs : existing.timeoutMs,
      enabled: input.enabled ?? existing.enabled,
    };
    // A transport switch drops what only the other transport uses, unless the request sets it.
    if (config.transport !== existing.transport) {
      if (config.transport === 'http') {
        if (input.command === undefined) config.command = null;
        if (input.args === undefined) config.args = [];
        if (input.env === undefined) config.secrets.env = {};
      } else {
        if (input.url === undefined) config.url = null;
        if (input.headers === undefined) config.secrets.headers = {};
      }
    }
    await this.check(principal, config);
    const workspaceId = principal.workspaceId;
    const row = await this.write(async (manager) => {
      await manager.update(McpServerEntity, { id, workspaceId }, this.columns(workspaceId, id, config));
      await this.record(manager, principal, context, id, config, 'updated');
      return manager.findOneByOrFail(McpServerEntity, { id });
    }, config.name);
    await this.connections.drop(id);
    return this.toDto(row);
  }

  async remove(principal: RequestPrincipal, id: string, context?: RequestContextInfo): Promise<void> {
    assertOwner(principal);
    const existing = await this.find(principal, id);
    await this.dataSource.transaction(async (manager) => {
      await manager.delete(McpServerEntity, { id, workspaceId: principal.workspaceId });
      await this.record(manager, principal, context, id, existing, 'deleted');
    });
    await this.connections.drop(id);
  }

  /** Starts or reaches the server with its stored configuration and lists every tool it offers. */
  async tools(principal: RequestPrincipal, id: string, signal?: AbortSignal): Promise<McpServerToolsDto> {
    assertOwner(principal);
    const row = await this.find(principal, id);
    if (row.transport === 'stdio' && !this.config.mcp.allowStdio) throw stdioDisabled();
    const started = performance.now();
    const durationMs = () => Math.round(performance.now() - started);
    try {
      const server = this.store.resolve(row);
      const { tools, serverVersion } = await this.connections.probe(server, signal);
      const names = exposedToolNames(
        row.name,
        tools.map((t) => t.name),
      );
      const byName = new Map(tools.map((t) => [t.name, t]));
      return {
        serverId: id,
        reachable: true,
        serverVersion,
        tools: [...names].map(([exposedName, name]) => ({
          name,
          exposedName,
          description: byName.get(name)?.description ?? null,
          allowed: isToolAllowed(row.allowedTools, name),
          inputSchema: byName.get(name)?.inputSchema as Record<string, unknown>,
        })),
        durationMs: durationMs(),
      };
    } catch (err) {
      return {
        serverId: id,
        reachable: false,
        error: err instanceof Error ? err.message : String(err),
        tools: [],
        durationMs: durationMs(),
      };
    }
  }

  private async find(principal: RequestPrincipal, id: string): Promise<McpServerEntity> {
    const row = await this.dataSource
      .getRepository(McpServerEntity)
      .findOneBy({ id, workspaceId: principal.workspaceId });
    if (!row) throw new AgentException(AgentErrorCode.McpServerNotFound, 'MCP server not found');
    return row;
  }

  /** The configuration as a whole: what each transport needs and allows, and who may run a command here. */
  private async check(principal: RequestPrincipal, c: ServerConfig): Promise<void> {
    const invalid = (message: string) => new AgentException(AgentErrorCode.McpInvalidServerConfig, message);
    if (c.transport === 'stdio') {
      this.assertMayConfigureStdio(principal);
      if (!c.command) throw invalid('a stdio server needs a command');
      if (c.url) throw invalid('a stdio server takes no url');
      if (Object.keys(c.secrets.headers).length) throw invalid('a stdio server takes no headers');
    } else {
      if (!c.url) throw invalid('an http server needs a url');
      if (c.command) throw invalid('an http server takes no command');
      if (c.args.length) throw invalid('an http server takes no args');
      if (Object.keys(c.secrets.env).length) throw invalid('an http server takes no env');
      // Refused here already so the owner hears it at once; connections check every address they use.
      if (!this.config.mcp.allowPrivateNetwork) {
        await assertPublicUrl(c.url).catch((err: unknown) => {
          throw err instanceof PrivateNetworkError ? invalid(err.message) : err;
        });
      }
    }
  }

  private assertMayConfigureStdio(principal: RequestPrincipal): void {
    if (!this.config.mcp.allowStdio) throw stdioDisabled();
    if (principal.platformRole !== 'admin') {
      throw new AgentException(
        AgentErrorCode.McpStdioNeedsPlatformAdmin,
        'only platform admins may configure stdio MCP servers: they run commands on the DocQA host',
      );
    }
  }

  private columns(workspaceId: string, id: string, c: ServerConfig): Partial<McpServerEntity> {
    const sealedSecrets = this.store.seal(workspaceId, id, c.secrets);
    return {
      name: c.name,
      transport: c.transport,
      command: c.command,
      args: c.args,
      url: c.url,
      headerNames: Object.keys(c.secrets.headers),
      envNames: Object.keys(c.secrets.env),
      sealedSecrets,
      keyId: sealedSecrets ? this.store.currentKeyId : null,
      allowedTools: c.allowedTools,
      timeoutMs: c.timeoutMs,
      enabled: c.enabled,
    };
  }

  /** Runs a write in a transaction; a clash on the workspace's server names is a 409. */
  private async write<T>(work: (manager: EntityManager) => Promise<T>, name: string): Promise<T> {
    try {
      return await this.dataSource.transaction(work);
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw new AgentException(
          AgentErrorCode.McpServerNameTaken,
          `the workspace already has an MCP server named "${name}"`,
        );
      }
      throw err;
    }
  }

  private record(
    manager: EntityManager,
    principal: RequestPrincipal,
    context: RequestContextInfo | undefined,
    serverId: string,
    c: Pick<ServerConfig, 'name' | 'transport' | 'command' | 'url' | 'allowedTools' | 'enabled'>,
    action: 'created' | 'updated' | 'deleted',
  ): Promise<void> {
    return this.audit.record(
      {
        type: AuditEventType.McpServerChanged,
        actorUserId: principal.userId,
        workspaceId: principal.workspaceId,
        ip: context?.ip,
        requestId: context?.requestId,
        // Never header or environment values: the trail is readable by every platform admin.
        details: {
          action,
          serverId,
          name: c.name,
          transport: c.transport,
          command: c.command,
          url: c.url ? c.url.split('?')[0] : null,
          allowedTools: c.allowedTools,
          enabled: c.enabled,
          apiKeyId: principal.apiKeyId,
        },
      },
      manager,
    );
  }

  private toDto(row: McpServerEntity): McpServerDto {
    return {
      id: row.id,
      name: row.name,
      transport: row.transport,
      command: row.command,
      args: row.args,
      url: row.url,
      headerNames: row.headerNames,
      envNames: row.envNames,
      allowedTools: row.allowedTools,
      timeoutMs: row.timeoutMs,
      effectiveTimeoutMs: row.timeoutMs ?? this.config.mcp.callTimeoutMs,
      enabled: row.enabled,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  }
}

function assertOwner(principal: RequestPrincipal): void {
  if (!roleAtLeast(principal.workspaceRole, 'owner')) {
    throw new AuthException(AuthErrorCode.InsufficientRole, 'this needs the owner role in the workspace');
  }
}

function stdioDisabled(): AgentException {
  return new AgentException(
    AgentErrorCode.McpStdioDisabled,
    'stdio MCP servers are disabled on this DocQA (MCP_ALLOW_STDIO=false): use an http server',
  );
}

function dedupe(names: string[]): string[] {
  return [...new Set(names)];
}
