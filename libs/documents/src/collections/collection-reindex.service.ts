import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditEventType, AuditService, type RequestContextInfo, type RequestPrincipal } from '@docqa/auth';
import { JobName, JobQueue } from '@docqa/core';
import { EmbeddingService, EmbeddingsException } from '@docqa/embeddings';
import { VectorIndexes } from '../chunks/vector-indexes';
import { DocumentsErrorCode, DocumentsException } from '../documents.errors';
import { CollectionEntity } from './collection.entity';

/** Which collections a platform-wide re-index covers: the listed ones, one workspace's, or (neither) all. */
export interface ReindexScope {
  embedderId: string;
  workspaceId?: string;
  collectionIds?: string[];
}

export type ReindexSkipReason = 'already_on_embedder' | 'reindex_running';

export interface ReindexStartResult {
  embedderId: string;
  /** Collections whose re-index was queued now. */
  started: string[];
  /** Collections left as they are, and why. */
  skipped: Array<{ collectionId: string; reason: ReindexSkipReason }>;
}

export interface CollectionReindexProgress {
  collectionId: string;
  workspaceId: string;
  name: string;
  status: 'running' | 'failed';
  /** The embedder the collection is on until the re-index swaps its vectors. */
  embedderId: string;
  targetEmbedderId: string;
  done: number;
  total: number;
  error: string | null;
}

export interface ReindexProgress {
  /** Collections with a running or failed re-index (a finished one is simply on its new embedder). */
  items: CollectionReindexProgress[];
  running: number;
  failed: number;
  /** Chunks re-embedded so far, and in all, over the running re-indexes. */
  done: number;
  total: number;
  /** How many collections each embedder indexes, to see how far a platform-wide move has come. */
  embedders: Array<{ embedderId: string; collections: number }>;
}

interface Row {
  id: string;
  workspace_id: string;
  name: string;
  embedder_id: string;
  reindex_embedder_id: string | null;
  reindex_status: 'running' | 'failed' | null;
  reindex_progress: { done: number; total: number } | null;
  reindex_error: string | null;
}

/**
 * Re-indexing across workspaces, for platform admins: every collection in scope is moved to an embedder by
 * the `reindex` job (the one a collection's PATCH starts), which reports its progress on the collection.
 */
@Injectable()
export class CollectionReindexService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly embeddings: EmbeddingService,
    private readonly vectorIndexes: VectorIndexes,
    private readonly jobs: JobQueue,
    private readonly audit: AuditService,
  ) {}

  async startReindex(
    actor: RequestPrincipal,
    scope: ReindexScope,
    context: RequestContextInfo,
  ): Promise<ReindexStartResult> {
    const embedder = await this.embeddings.embedder(scope.embedderId).catch((err: unknown) => {
      if (!(err instanceof EmbeddingsException)) throw err;
      throw new DocumentsException(
        DocumentsErrorCode.EmbedderNotAvailable,
        `${err.message} (GET /api/v1/embedders lists the embedders available here)`,
      );
    });
    const rows = await this.collectionsIn(scope);
    await this.vectorIndexes.ensure(embedder.dimension);
    const result: ReindexStartResult = { embedderId: embedder.id, started: [], skipped: [] };
    for (const row of rows) {
      if (row.reindex_status === 'running') {
        result.skipped.push({ collectionId: row.id, reason: 'reindex_running' });
        continue;
      }
      if (row.embedder_id === embedder.id) {
        result.skipped.push({ collectionId: row.id, reason: 'already_on_embedder' });
        continue;
      }
      // Conditional, so a re-index a workspace owner started meanwhile is neither doubled nor redirected.
      const { affected } = await this.dataSource
        .createQueryBuilder()
        .update(CollectionEntity)
        .set({
          reindexEmbedderId: embedder.id,
          reindexStatus: 'running',
          reindexProgress: { done: 0, total: 0 },
          reindexError: null,
        })
        .where("id = :id AND reindex_status IS DISTINCT FROM 'running'", { id: row.id })
        .execute();
      const changed = affected ?? 0;
      if (!changed) {
        result.skipped.push({ collectionId: row.id, reason: 'reindex_running' });
        continue;
      }
      await this.jobs.enqueue(
        JobName.Reindex,
        { workspaceId: row.workspace_id, collectionId: row.id },
        { dedupeKey: `reindex:${row.id}` },
      );
      result.started.push(row.id);
    }
    await this.audit.record({
      type: AuditEventType.ReindexStarted,
      actorUserId: actor.userId,
      workspaceId: scope.workspaceId?.toLowerCase(),
      target: scope.workspaceId
        ? { type: 'workspace', id: scope.workspaceId.toLowerCase() }
        : { type: 'embedder', id: embedder.id },
      ip: context.ip,
      requestId: context.requestId,
      details: {
        embedderId: embedder.id,
        scope: scope.collectionIds ? 'collections' : scope.workspaceId ? 'workspace' : 'all',
        started: result.started,
        skipped: result.skipped.length,
        ...(actor.apiKeyId ? { apiKeyId: actor.apiKeyId } : {}),
      },
    });
    return result;
  }

  async reindexProgress(): Promise<ReindexProgress> {
    const rows = (await this.dataSource.query(
      `SELECT id, workspace_id, name, embedder_id, reindex_embedder_id, reindex_status, reindex_progress, reindex_error
         FROM collections WHERE reindex_status IS NOT NULL ORDER BY reindex_status DESC, updated_at DESC, id`,
    )) as Row[];
    const embedders = (await this.dataSource.query(
      `SELECT embedder_id, count(*)::int AS collections FROM collections GROUP BY embedder_id ORDER BY embedder_id`,
    )) as { embedder_id: string; collections: number }[];
    const items = rows.map((r): CollectionReindexProgress => ({
      collectionId: r.id,
      workspaceId: r.workspace_id,
      name: r.name,
      status: r.reindex_status!,
      embedderId: r.embedder_id,
      targetEmbedderId: r.reindex_embedder_id ?? r.embedder_id,
      done: r.reindex_progress?.done ?? 0,
      total: r.reindex_progress?.total ?? 0,
      error: r.reindex_error,
    }));
    const running = items.filter((i) => i.status === 'running');
    return {
      items,
      running: running.length,
      failed: items.length - running.length,
      done: running.reduce((n, i) => n + i.done, 0),
      total: running.reduce((n, i) => n + i.total, 0),
      embedders: embedders.map((e) => ({ embedderId: e.embedder_id, collections: e.collections })),
    };
  }

  /** The collections of the scope; a listed id that is no collection answers 404, like elsewhere. */
  private async collectionsIn(scope: ReindexScope): Promise<Row[]> {
    const select = `SELECT id, workspace_id, name, embedder_id, reindex_embedder_id, reindex_status,
                           reindex_progress, reindex_error FROM collections`;
    if (scope.collectionIds?.length) {
      const ids = [...new Set(scope.collectionIds.map((id) => id.toLowerCase()))];
      const rows = (await this.dataSource.query(
        `${select} WHERE id = ANY($1::uuid[]) AND ($2::uuid IS NULL OR workspace_id = $2::uuid) ORDER BY id`,
        [ids, scope.workspaceId ?? null],
      )) as Row[];
      if (rows.length !== ids.length) {
        throw new DocumentsException(DocumentsErrorCode.CollectionNotFound, 'collection not found');
      }
      return rows;
    }
    if (scope.workspaceId) {
      return (await this.dataSource.query(`${select} WHERE workspace_id = $1::uuid ORDER BY id`, [
        scope.workspaceId,
      ])) as Row[];
    }
    return (await this.dataSource.query(`${select} ORDER BY id`)) as Row[];
  }
}
