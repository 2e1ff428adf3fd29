import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { CoreErrorCode, CoreException, isUniqueViolation } from '@docqa/core';
import { AuditEventType } from '../audit/audit-event-type';
import { AuditService } from '../audit/audit.service';
import { AuthErrorCode, AuthException } from '../auth.errors';
import type { RequestContextInfo } from '../principal/request-context';
import type { RequestPrincipal } from '../principal/request-principal';
import { type AccessScope, roleAtLeast, scopesForRole, type WorkspaceRole } from '../principal/roles';
import { WorkspaceMemberEntity } from '../workspaces/workspace-member.entity';
import { apiKeyMatches, generateApiKey, publicIdOf, API_KEY_PREFIX } from './api-key-format';
import { ApiKeyEntity } from './api-key.entity';
import type { ApiKeyDto, CreateApiKeyDto, CreatedApiKeyDto } from './api-key.dto';

export type ApiKeyScope = AccessScope;

/** Who an API key authenticates as: the global guard turns this into the request's principal. */
export interface ApiKeyPrincipal {
  apiKeyId: string;
  userId: string;
  workspaceId: string;
  /** The key's scopes that its user's current role in the workspace still allows. */
  scopes: ApiKeyScope[];
}

/** `last_used_at` is written at most this often per key. */
export const LAST_USED_RESOLUTION_MS = 60_000;

const SCOPE_ORDER: readonly AccessScope[] = ['read', 'write', 'admin'];

function toDto(row: ApiKeyEntity): ApiKeyDto {
  return {
    id: row.id,
    name: row.name,
    prefix: `${API_KEY_PREFIX}${row.publicId}`,
    scopes: row.scopes,
    userId: row.userId,
    expiresAt: row.expiresAt,
    lastUsedAt: row.lastUsedAt,
    createdAt: row.createdAt,
  };
}

/** API keys for programmatic use: created and listed in the caller's workspace, verified by the global guard. */
@Injectable()
export class ApiKeysService {
  private readonly logger = new Logger('ApiKeys');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /**
   * Creates a key for the caller in the caller's workspace. Editors may give `read` and `write`, owners also
   * `admin`; a caller never gives more than it has itself. The returned `key` is never shown again.
   */
  async create(
    principal: RequestPrincipal,
    input: CreateApiKeyDto,
    context?: RequestContextInfo,
    now: Date = new Date(),
  ): Promise<CreatedApiKeyDto> {
    if (!roleAtLeast(principal.workspaceRole, 'editor')) {
      throw new AuthException(AuthErrorCode.InsufficientRole, 'Only owners and editors can create API keys');
    }
    const scopes = SCOPE_ORDER.filter((s) => input.scopes.includes(s));
    if (scopes.includes('admin') && principal.workspaceRole !== 'owner') {
      throw new AuthException(
        AuthErrorCode.InsufficientRole,
        'Only workspace owners can create API keys with the admin scope',
      );
    }
    const beyond = scopes.filter(
      (s) => !principal.scopes.includes(s) || !scopesForRole(principal.workspaceRole).includes(s),
    );
    if (beyond.length) {
      throw new AuthException(
        AuthErrorCode.InsufficientScope,
        `An API key cannot have scopes its creator does not have: ${beyond.join(', ')}`,
      );
    }
    if (input.expiresAt && input.expiresAt.getTime() <= now.getTime()) {
      throw new CoreException(CoreErrorCode.ValidationFailed, 'Validation failed: expiresAt must be in the future');
    }

    // 40 random bits of public id collide rarely; a collision is retried, not reported.
    for (let attempt = 1; ; attempt++) {
      const generated = generateApiKey();
      try {
        const row = await this.dataSource.transaction(async (manager) => {
          const saved = await manager.save(
            manager.create(ApiKeyEntity, {
              publicId: generated.publicId,
              secretHash: generated.hash,
              name: input.name,
              scopes,
              userId: principal.userId,
              workspaceId: principal.workspaceId,
              expiresAt: input.expiresAt ?? null,
              revokedAt: null,
              lastUsedAt: null,
            }),
          );
          await this.audit.record(
            {
              type: AuditEventType.ApiKeyCreated,
              actorUserId: principal.userId,
              workspaceId: principal.workspaceId,
              ip: context?.ip,
              requestId: context?.requestId,
              details: {
                apiKeyId: saved.id,
                prefix: generated.prefix,
                name: saved.name,
                scopes,
                expiresAt: saved.expiresAt?.toISOString() ?? null,
                viaApiKeyId: principal.apiKeyId,
              },
            },
            manager,
          );
          return saved;
        });
        return { ...toDto(row), key: generated.key };
      } catch (err) {
        if (!isUniqueViolation(err) || attempt >= 3) throw err;
      }
    }
  }

  /** Owners see every live key of the workspace; other members see their own. Revoked keys are gone. */
  async list(principal: RequestPrincipal): Promise<ApiKeyDto[]> {
    const rows = await this.dataSource.getRepository(ApiKeyEntity).find({
      where: {
        workspaceId: principal.workspaceId,
        revokedAt: IsNull(),
        ...(principal.workspaceRole === 'owner' ? {} : { userId: principal.userId }),
      },
      order: { createdAt: 'DESC', id: 'ASC' },
    });
    return rows.map(toDto);
  }

  /**
   * Revokes a key of the caller's workspace: its creator's own, or any as an owner. Keys of other
   * workspaces, other members' keys (for non-owners) and revoked keys are all "not found".
   */
  async revoke(principal: RequestPrincipal, id: string, context?: RequestContextInfo): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const row = await manager.findOne(ApiKeyEntity, {
        where: { id, workspaceId: principal.workspaceId, revokedAt: IsNull() },
        lock: { mode: 'pessimistic_write' },
      });
      if (!row || (principal.workspaceRole !== 'owner' && row.userId !== principal.userId)) {
        throw new CoreException(CoreErrorCode.NotFound, 'API key not found');
      }
      await manager.update(ApiKeyEntity, { id: row.id }, { revokedAt: new Date() });
      await this.audit.record(
        {
          type: AuditEventType.ApiKeyRevoked,
          actorUserId: principal.userId,
          workspaceId: principal.workspaceId,
          ip: context?.ip,
          requestId: context?.requestId,
          details: {
            apiKeyId: row.id,
            prefix: `${API_KEY_PREFIX}${row.publicId}`,
            name: row.name,
            ownerUserId: row.userId,
            viaApiKeyId: principal.apiKeyId,
          },
        },
        manager,
      );
    });
  }

  /**
   * The principal a presented `X-API-Key` stands for, or null when the key is malformed, unknown, wrong,
   * revoked or expired, or its user is no longer a member of its workspace. Scopes are narrowed to what the
   * user's current role allows, so demoting a user also demotes their keys.
   */
  async verify(rawKey: string, now: Date = new Date()): Promise<ApiKeyPrincipal | null> {
    const publicId = publicIdOf(rawKey);
    if (!publicId) return null;
    const found = await this.dataSource
      .getRepository(ApiKeyEntity)
      .createQueryBuilder('apiKey')
      .leftJoin(
        WorkspaceMemberEntity,
        'member',
        'member.workspaceId = apiKey.workspaceId AND member.userId = apiKey.userId',
      )
      .addSelect('member.role', 'member_role')
      .where('apiKey.publicId = :publicId', { publicId })
      .getRawAndEntities();
    const key = found.entities[0];
    const role = found.raw[0]?.member_role as WorkspaceRole | null | undefined;
    if (!key || !apiKeyMatches(rawKey, key.secretHash)) return null;
    if (key.revokedAt || (key.expiresAt && key.expiresAt.getTime() <= now.getTime()) || !role) return null;
    await this.touch(key, now);
    const allowed = scopesForRole(role);
    return {
      apiKeyId: key.id,
      userId: key.userId,
      workspaceId: key.workspaceId,
      scopes: key.scopes.filter((s) => allowed.includes(s)),
    };
  }

  /** Records use at most once per LAST_USED_RESOLUTION_MS per key, across every process. */
  private async touch(key: ApiKeyEntity, now: Date): Promise<void> {
    const cutoff = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
    if (key.lastUsedAt && key.lastUsedAt > cutoff) return;
    try {
      await this.dataSource
        .createQueryBuilder()
        .update(ApiKeyEntity)
        .set({ lastUsedAt: now })
        .where('id = :id', { id: key.id })
        .andWhere('(last_used_at IS NULL OR last_used_at <= :cutoff)', { cutoff })
        .execute();
    } catch (err) {
      // Losing a last-used time is better than refusing a valid key.
      this.logger.warn({ err, apiKeyId: key.id }, 'could not record API key use');
    }
  }
}
