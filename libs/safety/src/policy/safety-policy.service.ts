import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
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
import { ExpiringCache } from '@docqa/core';
import { isPiiEntityType } from '../pii/entity-types';
import type { IrreversibleOperator, PiiOperator } from '../pii/operators/pii-operator';
import { SafetyErrorCode, SafetyException } from '../safety.errors';
import type { AdminUpdateSafetyPolicyDto, SafetyPolicyDto, UpdateSafetyPolicyDto } from './dto/safety-policy.dto';
import {
  defaultPolicy,
  type ChunkInjectionAction,
  type PolicySettings,
  type QuestionInjectionAction,
  type SafetyPolicy,
} from './safety-policy';
import { SafetyPolicyEntity } from './safety-policy.entity';

/**
 * How long a process keeps a workspace's policy before reading it again. A change through this process
 * applies at once; other api and worker instances pick it up within this time.
 */
export const POLICY_CACHE_TTL_MS = 30_000;

function workspaceNotFound(): AuthException {
  return new AuthException(AuthErrorCode.WorkspaceNotFound, 'workspace not found');
}

function toPolicy(row: SafetyPolicyEntity): SafetyPolicy {
  return {
    workspaceId: row.workspaceId,
    entities: row.entities.filter(isPiiEntityType),
    minScore: row.minScore,
    phoneRegions: row.phoneRegions,
    llm: { enabled: row.llmEnabled, operator: row.llmOperator as PiiOperator },
    logs: { enabled: row.logsEnabled },
    ingestion: { enabled: row.ingestionEnabled, operator: row.ingestionOperator as IrreversibleOperator },
    injection: {
      threshold: row.injectionThreshold,
      chunkAction: row.injectionChunkAction as ChunkInjectionAction,
      questionAction: row.injectionQuestionAction as QuestionInjectionAction,
    },
    locked: row.locked,
    isDefault: false,
    updatedAt: row.updatedAt,
    updatedBy: row.updatedBy,
  };
}

function toRow(workspaceId: string, s: PolicySettings, updatedBy: string): Partial<SafetyPolicyEntity> {
  return {
    workspaceId,
    entities: s.entities,
    minScore: s.minScore,
    phoneRegions: s.phoneRegions,
    llmEnabled: s.llm.enabled,
    llmOperator: s.llm.operator,
    logsEnabled: s.logs.enabled,
    ingestionEnabled: s.ingestion.enabled,
    ingestionOperator: s.ingestion.operator,
    injectionThreshold: s.injection.threshold,
    injectionChunkAction: s.injection.chunkAction,
    injectionQuestionAction: s.injection.questionAction,
    locked: s.locked,
    updatedBy,
  };
}

function merge(current: SafetyPolicy, dto: AdminUpdateSafetyPolicyDto): PolicySettings {
  return {
    entities: dto.entities ?? current.entities,
    minScore: dto.minScore ?? current.minScore,
    phoneRegions: dto.phoneRegions ?? current.phoneRegions,
    llm: dto.llm ? { enabled: dto.llm.enabled, operator: dto.llm.operator } : current.llm,
    logs: dto.logs ? { enabled: dto.logs.enabled } : current.logs,
    ingestion: dto.ingestion ? { enabled: dto.ingestion.enabled, operator: dto.ingestion.operator } : current.ingestion,
    injection: dto.injection
      ? {
          threshold: dto.injection.threshold,
          chunkAction: dto.injection.chunkAction,
          questionAction: dto.injection.questionAction,
        }
      : current.injection,
    locked: dto.locked ?? current.locked,
  };
}

const SETTINGS_FIELDS = [
  'entities',
  'minScore',
  'phoneRegions',
  'llm',
  'logs',
  'ingestion',
  'injection',
  'locked',
] as const satisfies readonly (keyof PolicySettings)[];

/** What a change really changed, field by field (`from` is the defaults' value when none was stored). */
function changesOf(before: PolicySettings, after: PolicySettings): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const field of SETTINGS_FIELDS) {
    if (JSON.stringify(before[field]) !== JSON.stringify(after[field])) {
      out[field] = { from: before[field], to: after[field] };
    }
  }
  return out;
}

export function toPolicyDto(p: SafetyPolicy): SafetyPolicyDto {
  return {
    workspaceId: p.workspaceId,
    entities: p.entities,
    minScore: p.minScore,
    phoneRegions: p.phoneRegions,
    llm: { ...p.llm },
    logs: { ...p.logs },
    ingestion: { ...p.ingestion },
    injection: { ...p.injection },
    locked: p.locked,
    isDefault: p.isDefault,
    updatedAt: p.updatedAt,
    updatedBy: p.updatedBy,
  };
}

/**
 * Each workspace's safety policy: its own row in `safety_policies`, else the defaults. Workspace owners read
 * and change their workspace's policy unless a platform admin locked it; platform admins read and change
 * any workspace's, lock included.
 */
@Injectable()
export class SafetyPolicyService {
  private readonly logger = new Logger('SafetyPolicy');
  private readonly cache = new ExpiringCache<SafetyPolicy>(POLICY_CACHE_TTL_MS);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** The policy that applies to a workspace (cached for POLICY_CACHE_TTL_MS); a malformed id throws WorkspaceNotFound. */
  policyFor(workspaceId: string): Promise<SafetyPolicy> {
    if (!isUuid(workspaceId)) return Promise.reject(workspaceNotFound());
    const id = workspaceId.toLowerCase();
    return this.cache.get(id, () => this.load(id));
  }

  /** The last policy this process loaded for a workspace, without waiting; undefined when none was loaded yet. */
  peekPolicy(workspaceId: string): SafetyPolicy | undefined {
    return this.cache.peek(workspaceId.toLowerCase());
  }

  /** The policy of the caller's workspace (owners; checked by the guard). */
  async getPolicy(principal: RequestPrincipal): Promise<SafetyPolicyDto> {
    return toPolicyDto(await this.policyFor(principal.workspaceId));
  }

  /** Changes the policy of the caller's workspace (owners), unless a platform admin locked it; audited. */
  async updatePolicy(
    principal: RequestPrincipal,
    dto: UpdateSafetyPolicyDto,
    context?: RequestContextInfo,
  ): Promise<SafetyPolicyDto> {
    return toPolicyDto(await this.update(principal, principal.workspaceId, dto, false, context));
  }

  /** Any workspace's policy (platform admins; 404 for an unknown workspace). */
  async getWorkspacePolicy(workspaceId: string): Promise<SafetyPolicyDto> {
    if (!isUuid(workspaceId)) throw workspaceNotFound();
    const id = workspaceId.toLowerCase();
    const exists = await this.dataSource.getRepository(WorkspaceEntity).exists({ where: { id } });
    if (!exists) throw workspaceNotFound();
    return toPolicyDto(await this.policyFor(id));
  }

  /** Changes any workspace's policy, the lock included (platform admins); audited. */
  async updateWorkspacePolicy(
    principal: RequestPrincipal,
    workspaceId: string,
    dto: AdminUpdateSafetyPolicyDto,
    context?: RequestContextInfo,
  ): Promise<SafetyPolicyDto> {
    return toPolicyDto(await this.update(principal, workspaceId, dto, true, context));
  }

  private async update(
    principal: RequestPrincipal,
    workspaceId: string,
    dto: AdminUpdateSafetyPolicyDto,
    asAdmin: boolean,
    context?: RequestContextInfo,
  ): Promise<SafetyPolicy> {
    if (!isUuid(workspaceId)) throw workspaceNotFound();
    const id = workspaceId.toLowerCase();
    const updated = await this.dataSource.transaction(async (manager) => {
      // The workspace row is locked so that concurrent changes apply one after the other, each on the last.
      const workspace = await manager.findOne(WorkspaceEntity, {
        where: { id },
        select: { id: true },
        lock: { mode: 'pessimistic_write' },
      });
      if (!workspace) throw workspaceNotFound();
      const current = await this.read(id, manager);
      if (current.locked && !asAdmin) {
        throw new SafetyException(
          SafetyErrorCode.PolicyLocked,
          "a platform admin locked this workspace's safety policy: ask one to change it",
        );
      }
      const next = merge(current, dto);
      await manager.upsert(SafetyPolicyEntity, toRow(id, next, principal.userId), ['workspaceId']);
      const changes = changesOf(current, next);
      // In the same transaction, after the row lock: concurrent changes each audit what they really replaced.
      if (Object.keys(changes).length) {
        await this.audit.record(
          {
            type: AuditEventType.SafetyPolicyChanged,
            actorUserId: principal.userId,
            workspaceId: id,
            target: { type: 'workspace', id },
            ip: context?.ip,
            requestId: context?.requestId,
            details: {
              changes,
              asAdmin,
              ...(principal.apiKeyId ? { apiKeyId: principal.apiKeyId } : {}),
            },
          },
          manager,
        );
      }
      return this.read(id, manager);
    });
    // Only after the commit: a lookup in between would cache the old value again.
    this.cache.set(id, updated);
    this.logger.log(
      { workspaceId: id, actorUserId: principal.userId, asAdmin, changed: Object.keys(dto) },
      'safety policy changed',
    );
    return updated;
  }

  private async load(id: string): Promise<SafetyPolicy> {
    return this.read(id, this.dataSource.manager);
  }

  private async read(id: string, manager: EntityManager): Promise<SafetyPolicy> {
    const row = await manager.findOne(SafetyPolicyEntity, { where: { workspaceId: id } });
    return row ? toPolicy(row) : defaultPolicy(id);
  }
}
