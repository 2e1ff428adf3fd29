import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig, ExpiringCache } from '@docqa/core';
import { AuditEventType } from '../audit/audit-event-type';
import { AuditService } from '../audit/audit.service';
import { workspaceNotFound } from '../principal/principal.resolver';
import type { RequestContextInfo } from '../principal/request-context';
import type { RequestPrincipal } from '../principal/request-principal';
import { isUuid } from '../principal/uuid';
import { WorkspaceEntity } from '../workspaces/workspace.entity';
import type { SetWorkspaceLlmRateLimitDto } from './dto/set-workspace-llm-rate-limit.dto';
import type { WorkspaceLlmRateLimitDto } from './dto/workspace-llm-rate-limit.dto';

/**
 * How long a process keeps a workspace's limit before reading it again. A change through this process
 * applies at once; other api instances pick it up within this time.
 */
export const LLM_LIMIT_CACHE_TTL_MS = 30_000;

/** Each workspace's limit on LLM calls per minute: its own (set by platform admins) or LLM_RATE_LIMIT_PER_MINUTE. */
@Injectable()
export class WorkspaceLlmLimitsService {
  /** The workspace's own limit (null: the default), so the limiter does not query the database on every call. */
  private readonly ownLimits = new ExpiringCache<number | null>(LLM_LIMIT_CACHE_TTL_MS);

  constructor(
    private readonly config: AppConfig,
    private readonly audit: AuditService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** The limit that applies to a workspace; an unknown workspace throws WorkspaceNotFound. */
  async effectiveLimit(workspaceId: string): Promise<number> {
    if (!isUuid(workspaceId)) throw workspaceNotFound();
    const id = workspaceId.toLowerCase();
    const own = await this.ownLimits.get(id, () => this.loadOwnLimit(id));
    return own ?? this.config.llm.rateLimitPerMinute;
  }

  /** Sets or (with null) clears a workspace's own limit, audited; for platform admins (checked by the guard). */
  async setWorkspaceLlmRateLimit(
    principal: RequestPrincipal,
    workspaceId: string,
    dto: SetWorkspaceLlmRateLimitDto,
    context: RequestContextInfo,
  ): Promise<WorkspaceLlmRateLimitDto> {
    if (!isUuid(workspaceId)) throw workspaceNotFound();
    const id = workspaceId.toLowerCase();
    const to = dto.callsPerMinute;
    await this.dataSource.transaction(async (manager) => {
      // Locked, so two admins changing it at once each audit the value they really replaced.
      const workspace = await manager.findOne(WorkspaceEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!workspace) throw workspaceNotFound();
      const from = workspace.llmCallsPerMinute;
      if (from === to) return;
      await manager.update(WorkspaceEntity, { id }, { llmCallsPerMinute: to });
      const details = { limit: 'llm_calls_per_minute', from, to };
      await this.audit.record(
        {
          type: AuditEventType.WorkspaceLimitChanged,
          actorUserId: principal.userId,
          workspaceId: id,
          ip: context.ip,
          requestId: context.requestId,
          details: principal.apiKeyId ? { ...details, apiKeyId: principal.apiKeyId } : details,
        },
        manager,
      );
    });
    // Only after the commit: a lookup in between would cache the old value again.
    this.ownLimits.delete(id);
    return { workspaceId: id, callsPerMinute: to, effectiveCallsPerMinute: to ?? this.config.llm.rateLimitPerMinute };
  }

  private async loadOwnLimit(id: string): Promise<number | null> {
    const row = await this.dataSource
      .getRepository(WorkspaceEntity)
      .findOne({ where: { id }, select: { id: true, llmCallsPerMinute: true } });
    if (!row) throw workspaceNotFound();
    return row.llmCallsPerMinute;
  }
}
