import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig, ExpiringCache, parseLlmChainStep } from '@docqa/core';
import {
  AuditEventType,
  AuditService,
  AuthErrorCode,
  AuthException,
  isUuid,
  WorkspaceEntity,
  type RequestContextInfo,
  type RequestPrincipal,
} from '@docqa/auth';
import { LlmRouterErrorCode, LlmRouterException } from '../llm-router.errors';
import { WorkspaceLlmSettingsEntity } from './workspace-llm-settings.entity';

export interface WorkspaceLlmSettings {
  chain: string[] | null;
  monthlyBudgetUsd: number | null;
}

/**
 * How long a process keeps a workspace's settings. A change through this process applies at once; other
 * instances pick it up within this time (as they do the LLM rate limit).
 */
export const SETTINGS_CACHE_MS = 30_000;

const NONE: WorkspaceLlmSettings = { chain: null, monthlyBudgetUsd: null };

function workspaceNotFound(): AuthException {
  return new AuthException(AuthErrorCode.WorkspaceNotFound, 'workspace not found');
}

/** The chain entries, validated as LLM_CHAIN is; throws InvalidChain naming the bad entry. */
export function validateChain(entries: string[], defaultCompatibleModel: string | undefined): string[] {
  if (!entries.length) throw new LlmRouterException(LlmRouterErrorCode.InvalidChain, 'the chain must not be empty');
  return entries.map((raw) => {
    const entry = raw.trim();
    const step = parseLlmChainStep(entry);
    if (!step) {
      throw new LlmRouterException(
        LlmRouterErrorCode.InvalidChain,
        `chain entry ${JSON.stringify(raw)} is not valid: write provider or provider:model`,
      );
    }
    if (step.provider === 'openai-compatible' && !step.model && !defaultCompatibleModel) {
      throw new LlmRouterException(
        LlmRouterErrorCode.InvalidChain,
        'openai-compatible needs a model here (openai-compatible:MODEL): the platform sets no default one',
      );
    }
    return entry;
  });
}

/** A workspace's fallback chain (its owners') and monthly budget (platform admins'). */
@Injectable()
export class WorkspaceLlmSettingsService {
  private readonly cache = new ExpiringCache<WorkspaceLlmSettings>(SETTINGS_CACHE_MS);

  constructor(
    private readonly config: AppConfig,
    private readonly audit: AuditService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  settingsOf(workspaceId: string): Promise<WorkspaceLlmSettings> {
    const id = workspaceId.toLowerCase();
    return this.cache.get(id, async () => {
      if (!isUuid(id)) return NONE;
      const row = await this.dataSource.getRepository(WorkspaceLlmSettingsEntity).findOneBy({ workspaceId: id });
      return row ? { chain: row.chain, monthlyBudgetUsd: row.monthlyBudgetUsd } : NONE;
    });
  }

  /** Sets (or with null clears) the caller's workspace chain; owners only (checked by the route's guard). */
  async setChain(principal: RequestPrincipal, chain: string[] | null): Promise<WorkspaceLlmSettings> {
    const entries = chain === null ? null : validateChain(chain, this.config.providers.openaiCompatible.model);
    await this.upsert(this.dataSource.manager, principal.workspaceId, { chain: entries }, principal.userId);
    this.cache.delete(principal.workspaceId.toLowerCase());
    return this.settingsOf(principal.workspaceId);
  }

  /** Sets or clears a workspace's monthly budget, audited; platform admins only (checked by the guard). */
  async setBudget(
    principal: RequestPrincipal,
    workspaceId: string,
    monthlyBudgetUsd: number | null,
    context: RequestContextInfo,
  ): Promise<WorkspaceLlmSettings> {
    if (!isUuid(workspaceId)) throw workspaceNotFound();
    const id = workspaceId.toLowerCase();
    await this.dataSource.transaction(async (manager) => {
      // Locked, so two admins changing it at once each audit the value they really replaced.
      const workspace = await manager.findOne(WorkspaceEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!workspace) throw workspaceNotFound();
      const before = await manager.findOneBy(WorkspaceLlmSettingsEntity, { workspaceId: id });
      const from = before?.monthlyBudgetUsd ?? null;
      if (from === monthlyBudgetUsd) return;
      await this.upsert(manager, id, { monthlyBudgetUsd }, principal.userId);
      const details = { limit: 'llm_monthly_budget_usd', from, to: monthlyBudgetUsd };
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
    this.cache.delete(id);
    return this.settingsOf(id);
  }

  private async upsert(
    manager: EntityManager,
    workspaceId: string,
    values: Partial<Pick<WorkspaceLlmSettingsEntity, 'chain' | 'monthlyBudgetUsd'>>,
    userId: string,
  ): Promise<void> {
    const columns = Object.keys(values).map((k) => (k === 'chain' ? 'chain' : 'monthly_budget_usd'));
    await manager
      .createQueryBuilder()
      .insert()
      .into(WorkspaceLlmSettingsEntity)
      .values({ workspaceId: workspaceId.toLowerCase(), ...values, updatedBy: userId })
      .orUpdate([...columns, 'updated_by', 'updated_at'], ['workspace_id'])
      .execute();
  }
}
