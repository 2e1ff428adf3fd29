import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditEventType } from '../audit/audit-event-type';
import { AuditService } from '../audit/audit.service';
import { AuthErrorCode, AuthException } from '../auth.errors';
import type { RequestContextInfo } from '../principal/request-context';
import type { RequestPrincipal } from '../principal/request-principal';
import { roleAtLeast } from '../principal/roles';
import { ProviderKeyEntity } from './provider-key.entity';
import type { ProviderKeyDto, SetProviderKeyDto } from './provider-key.dto';
import { PROVIDERS_NEEDING_BASE_URL, type ProviderName } from './provider-names';
import { SecretBox } from './secret-box';
import { VaultErrorCode, VaultException } from './vault.errors';

/** What the LLM router needs to call a provider with a workspace's own key. */
export interface ResolvedProviderKey {
  apiKey: string;
  baseUrl?: string;
}

/** Keys shorter than this show no characters at all when masked. */
const MIN_LENGTH_TO_HINT = 12;

/** The value a provider key is bound to: a sealed key copied to another workspace or provider does not open. */
export function providerKeyContext(workspaceId: string, provider: ProviderName): string {
  return `provider-key:${workspaceId}:${provider}`;
}

function toDto(row: ProviderKeyEntity): ProviderKeyDto {
  return {
    provider: row.provider,
    maskedKey: `…${row.keyHint}`,
    baseUrl: row.baseUrl,
    keyId: row.keyId,
    updatedAt: row.updatedAt,
  };
}

/**
 * Bring-your-own provider keys of a workspace. Owners and editors set and delete them, every member sees
 * them masked; the clear key only leaves through `resolve`, for the LLM router, never over HTTP.
 */
@Injectable()
export class ProviderKeysService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly box: SecretBox,
    private readonly audit: AuditService,
  ) {}

  async list(principal: RequestPrincipal): Promise<ProviderKeyDto[]> {
    const rows = await this.dataSource.getRepository(ProviderKeyEntity).find({
      where: { workspaceId: principal.workspaceId },
      order: { provider: 'ASC' },
    });
    return rows.map(toDto);
  }

  async set(
    principal: RequestPrincipal,
    provider: ProviderName,
    input: SetProviderKeyDto,
    context?: RequestContextInfo,
  ): Promise<ProviderKeyDto> {
    this.assertCanChange(principal);
    if (PROVIDERS_NEEDING_BASE_URL.includes(provider) && !input.baseUrl) {
      throw new VaultException(VaultErrorCode.InvalidProviderKey, `baseUrl is required for ${provider}`);
    }
    const workspaceId = principal.workspaceId;
    const sealedKey = this.box.seal(input.apiKey, providerKeyContext(workspaceId, provider));
    const values = {
      workspaceId,
      provider,
      sealedKey,
      keyId: this.box.currentKeyId,
      keyHint: input.apiKey.length >= MIN_LENGTH_TO_HINT ? input.apiKey.slice(-4) : '',
      baseUrl: input.baseUrl ?? null,
      updatedBy: principal.userId,
    };
    return this.dataSource.transaction(async (manager) => {
      await manager
        .createQueryBuilder()
        .insert()
        .into(ProviderKeyEntity)
        .values(values)
        .orUpdate(
          ['sealed_key', 'key_id', 'key_hint', 'base_url', 'updated_by', 'updated_at'],
          ['workspace_id', 'provider'],
        )
        .execute();
      const row = await manager.findOneByOrFail(ProviderKeyEntity, { workspaceId, provider });
      await this.audit.record(
        {
          type: AuditEventType.ProviderKeyChanged,
          actorUserId: principal.userId,
          workspaceId,
          ip: context?.ip,
          requestId: context?.requestId,
          details: {
            provider,
            action: 'set',
            baseUrl: values.baseUrl,
            keyId: values.keyId,
            apiKeyId: principal.apiKeyId,
          },
        },
        manager,
      );
      return toDto(row);
    });
  }

  async remove(principal: RequestPrincipal, provider: ProviderName, context?: RequestContextInfo): Promise<void> {
    this.assertCanChange(principal);
    const workspaceId = principal.workspaceId;
    await this.dataSource.transaction(async (manager) => {
      const { affected } = await manager.delete(ProviderKeyEntity, { workspaceId, provider });
      if (!affected) {
        throw new VaultException(VaultErrorCode.ProviderKeyNotFound, `No ${provider} key is stored for this workspace`);
      }
      await this.audit.record(
        {
          type: AuditEventType.ProviderKeyChanged,
          actorUserId: principal.userId,
          workspaceId,
          ip: context?.ip,
          requestId: context?.requestId,
          details: { provider, action: 'deleted', apiKeyId: principal.apiKeyId },
        },
        manager,
      );
    });
  }

  /**
   * The workspace's own key for `provider`, in clear, or null when it has none. A stored value that does not
   * decrypt (a lost ENCRYPTION_KEY, a damaged or copied row) throws a `VaultException` that says so; it never
   * yields a wrong key.
   */
  async resolve(workspaceId: string, provider: ProviderName): Promise<ResolvedProviderKey | null> {
    const row = await this.dataSource.getRepository(ProviderKeyEntity).findOneBy({ workspaceId, provider });
    if (!row) return null;
    let apiKey: string;
    try {
      apiKey = this.box.open(row.sealedKey, providerKeyContext(workspaceId, provider));
    } catch (err) {
      if (!(err instanceof VaultException)) throw err;
      throw new VaultException(
        err.code,
        `The ${provider} key stored for workspace ${workspaceId} cannot be used. ${err.message}. ` +
          'Set the key again, or restore the encryption key it was sealed with.',
        { cause: err },
      );
    }
    return row.baseUrl ? { apiKey, baseUrl: row.baseUrl } : { apiKey };
  }

  private assertCanChange(principal: RequestPrincipal): void {
    if (!roleAtLeast(principal.workspaceRole, 'editor')) {
      throw new AuthException(AuthErrorCode.InsufficientRole, 'Only owners and editors can change provider keys');
    }
  }
}
