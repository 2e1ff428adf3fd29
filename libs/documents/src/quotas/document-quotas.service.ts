import { Injectable } from '@nestjs/common';
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
import { AppConfig } from '@docqa/core';
import { DocumentsErrorCode, DocumentsException } from '../documents.errors';
import { WorkspaceQuotaEntity } from './workspace-quota.entity';

/** One quota: what the workspace uses, what it may use, and whether that limit is its own or the default. */
export interface QuotaFigure {
  used: number;
  /** null: no limit. */
  limit: number | null;
  /** The workspace's own limit, set by a platform admin; null: the default applies. */
  own: number | null;
}

export interface DocumentQuotas {
  documents: QuotaFigure;
  storageBytes: QuotaFigure;
}

export interface DocumentUsage {
  documents: number;
  storageBytes: number;
}

/** A change to a workspace's own limits; a field left out keeps its value, null clears it (the default applies). */
export interface QuotaChange {
  maxDocuments?: number | null;
  maxStorageBytes?: number | null;
}

/** `quota:<workspace>` as a bigint for pg_advisory_xact_lock: uploads to one workspace check their room in turn. */
const QUOTA_LOCK_SQL = `SELECT pg_advisory_xact_lock(hashtextextended('docqa:quota:' || $1, 0))`;

/**
 * Per-workspace limits on documents and on the bytes of their originals: set by platform admins, enforced on
 * upload (403 `QUOTA_EXCEEDED`, with `X-Quota-Exceeded: documents` or `storage`).
 */
@Injectable()
export class DocumentQuotasService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  async getQuotas(workspaceId: string): Promise<DocumentQuotas> {
    const id = await this.existingWorkspace(workspaceId);
    const [own, usage] = await Promise.all([this.own(this.dataSource.manager, id), this.usage([id])]);
    return this.figures(own, usage.get(id) ?? { documents: 0, storageBytes: 0 });
  }

  /** Documents and stored bytes of each workspace (absent from the map: none). */
  async usage(
    workspaceIds: string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, DocumentUsage>> {
    if (!workspaceIds.length) return new Map();
    const rows = (await manager.query(
      `SELECT workspace_id, count(*)::int AS documents, COALESCE(sum(size_bytes), 0)::bigint AS bytes
         FROM documents WHERE workspace_id = ANY($1::uuid[]) GROUP BY workspace_id`,
      [workspaceIds],
    )) as { workspace_id: string; documents: number; bytes: string }[];
    return new Map(rows.map((r) => [r.workspace_id, { documents: r.documents, storageBytes: Number(r.bytes) }]));
  }

  /** Sets or clears a workspace's own limits; each limit that changes is audited as `workspace_limit_changed`. */
  async setQuotas(
    actor: RequestPrincipal,
    workspaceId: string,
    change: QuotaChange,
    context: RequestContextInfo,
  ): Promise<DocumentQuotas> {
    const id = await this.existingWorkspace(workspaceId);
    await this.dataSource.transaction(async (manager) => {
      await manager.query(QUOTA_LOCK_SQL, [id]);
      const before = await this.own(manager, id);
      const after = {
        maxDocuments: change.maxDocuments === undefined ? before.maxDocuments : change.maxDocuments,
        maxStorageBytes: change.maxStorageBytes === undefined ? before.maxStorageBytes : change.maxStorageBytes,
      };
      if (after.maxDocuments === before.maxDocuments && after.maxStorageBytes === before.maxStorageBytes) return;
      await manager.upsert(WorkspaceQuotaEntity, { workspaceId: id, ...after }, ['workspaceId']);
      for (const [limit, key] of [
        ['max_documents', 'maxDocuments'],
        ['max_storage_bytes', 'maxStorageBytes'],
      ] as const) {
        if (before[key] === after[key]) continue;
        await this.audit.record(
          {
            type: AuditEventType.WorkspaceLimitChanged,
            actorUserId: actor.userId,
            workspaceId: id,
            target: { type: 'workspace', id },
            ip: context.ip,
            requestId: context.requestId,
            details: {
              limit,
              from: before[key],
              to: after[key],
              ...(actor.apiKeyId ? { apiKeyId: actor.apiKeyId } : {}),
            },
          },
          manager,
        );
      }
    });
    return this.getQuotas(id);
  }

  /** Throws QUOTA_EXCEEDED when adding these documents and bytes would pass a limit of the workspace. */
  async assertRoom(
    workspaceId: string,
    documents: number,
    bytes: number,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    const limits = this.figures(await this.own(manager, workspaceId), { documents: 0, storageBytes: 0 });
    if (limits.documents.limit === null && limits.storageBytes.limit === null) return;
    const used = (await this.usage([workspaceId], manager)).get(workspaceId) ?? { documents: 0, storageBytes: 0 };
    const docs = limits.documents.limit;
    if (docs !== null && used.documents + documents > docs) {
      throw exceeded(
        'documents',
        `this workspace may hold ${docs} documents and holds ${used.documents}; this upload adds ${documents}`,
      );
    }
    const room = limits.storageBytes.limit;
    if (room !== null && used.storageBytes + bytes > room) {
      throw exceeded(
        'storage',
        `this workspace may hold ${room} bytes of files and holds ${used.storageBytes}; this upload adds ${bytes}`,
      );
    }
  }

  /**
   * Runs `insert` (the document row) only when the workspace has room for it, checked and written under a
   * per-workspace lock so that concurrent uploads cannot together pass a limit. Without limits, no lock.
   */
  async insertWithinQuota(
    workspaceId: string,
    bytes: number,
    insert: (manager: EntityManager) => Promise<unknown>,
  ): Promise<void> {
    const own = await this.own(this.dataSource.manager, workspaceId);
    const limits = this.figures(own, { documents: 0, storageBytes: 0 });
    if (limits.documents.limit === null && limits.storageBytes.limit === null) {
      await insert(this.dataSource.manager);
      return;
    }
    await this.dataSource.transaction(async (manager) => {
      await manager.query(QUOTA_LOCK_SQL, [workspaceId]);
      await this.assertRoom(workspaceId, 1, bytes, manager);
      await insert(manager);
    });
  }

  private figures(
    own: { maxDocuments: number | null; maxStorageBytes: number | null },
    usage: DocumentUsage,
  ): DocumentQuotas {
    const defaults = this.config.ingestion.defaultQuota;
    return {
      documents: {
        used: usage.documents,
        limit: own.maxDocuments ?? defaults.maxDocuments,
        own: own.maxDocuments,
      },
      storageBytes: {
        used: usage.storageBytes,
        limit: own.maxStorageBytes ?? defaults.maxStorageBytes,
        own: own.maxStorageBytes,
      },
    };
  }

  private async own(
    manager: EntityManager,
    workspaceId: string,
  ): Promise<{ maxDocuments: number | null; maxStorageBytes: number | null }> {
    const row = await manager.findOne(WorkspaceQuotaEntity, { where: { workspaceId } });
    return { maxDocuments: row?.maxDocuments ?? null, maxStorageBytes: row?.maxStorageBytes ?? null };
  }

  private async existingWorkspace(workspaceId: string): Promise<string> {
    const missing = () => new AuthException(AuthErrorCode.WorkspaceNotFound, 'workspace not found');
    if (!isUuid(workspaceId)) throw missing();
    const id = workspaceId.toLowerCase();
    if (!(await this.dataSource.manager.exists(WorkspaceEntity, { where: { id } }))) throw missing();
    return id;
  }
}

function exceeded(quota: 'documents' | 'storage', detail: string): DocumentsException {
  return new DocumentsException(
    DocumentsErrorCode.QuotaExceeded,
    `quota exceeded: ${detail} (a platform admin can raise the quota)`,
    { headers: { 'X-Quota-Exceeded': quota } },
  );
}
