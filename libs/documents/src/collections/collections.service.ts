import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { RequestPrincipal } from '@docqa/auth';
import { isUniqueViolation, JobName, JobQueue } from '@docqa/core';
import { EmbeddingService, EmbeddingsException } from '@docqa/embeddings';
import { VectorIndexes } from '../chunks/vector-indexes';
import { DocumentEntity } from '../documents/document.entity';
import { DocumentsErrorCode, DocumentsException } from '../documents.errors';
import { FileStorage } from '../storage/file-storage';
import { CollectionEntity } from './collection.entity';
import type { CollectionDto, CreateCollectionDto, UpdateCollectionDto } from './collection.dto';

/** The collection documents go to when an upload names none. */
export const DEFAULT_COLLECTION_NAME = 'Default';

function notFound(): DocumentsException {
  return new DocumentsException(DocumentsErrorCode.CollectionNotFound, 'collection not found');
}

@Injectable()
export class CollectionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly embeddings: EmbeddingService,
    private readonly vectorIndexes: VectorIndexes,
    private readonly jobs: JobQueue,
    private readonly storage: FileStorage,
  ) {}

  async list(principal: RequestPrincipal): Promise<CollectionDto[]> {
    const rows = await this.dataSource.manager.find(CollectionEntity, {
      where: { workspaceId: principal.workspaceId },
      order: { createdAt: 'ASC' },
    });
    const counts = await this.documentCounts(rows.map((c) => c.id));
    return rows.map((c) => this.toDto(c, counts.get(c.id) ?? 0));
  }

  async get(principal: RequestPrincipal, id: string): Promise<CollectionDto> {
    const row = await this.find(principal.workspaceId, id);
    const counts = await this.documentCounts([row.id]);
    return this.toDto(row, counts.get(row.id) ?? 0);
  }

  async create(principal: RequestPrincipal, body: CreateCollectionDto): Promise<CollectionDto> {
    const row = await this.insert(principal.workspaceId, body.name, body.description ?? null, body.language ?? null);
    return this.toDto(row, 0);
  }

  async update(principal: RequestPrincipal, id: string, body: UpdateCollectionDto): Promise<CollectionDto> {
    const row = await this.find(principal.workspaceId, id);
    if (body.name !== undefined) row.name = body.name;
    if (body.description !== undefined) row.description = body.description;
    if (body.language !== undefined) row.language = body.language;
    if (body.embedderId !== undefined && row.reindexStatus === 'running' && body.embedderId !== row.reindexEmbedderId) {
      throw new DocumentsException(DocumentsErrorCode.ReindexRunning, 'a re-index of this collection is running');
    }
    const reindex =
      body.embedderId !== undefined && body.embedderId !== row.embedderId && row.reindexStatus !== 'running';
    if (reindex) {
      // Fails with a clear error when that embedder cannot be used here (model missing, no key).
      const next = await this.embeddings.embedder(body.embedderId!).catch((err: unknown) => {
        if (!(err instanceof EmbeddingsException)) throw err;
        throw new DocumentsException(
          DocumentsErrorCode.EmbedderNotAvailable,
          `${err.message} (GET /api/v1/embedders lists the embedders available here)`,
        );
      });
      await this.vectorIndexes.ensure(next.dimension);
      row.reindexEmbedderId = next.id;
      row.reindexStatus = 'running';
      row.reindexProgress = { done: 0, total: 0 };
      row.reindexError = null;
    }
    try {
      await this.dataSource.manager.save(row);
    } catch (err) {
      if (isUniqueViolation(err)) throw this.nameTaken(row.name);
      throw err;
    }
    if (reindex) {
      await this.jobs.enqueue(
        JobName.Reindex,
        { workspaceId: row.workspaceId, collectionId: row.id },
        { dedupeKey: `reindex:${row.id}` },
      );
    }
    return this.get(principal, id);
  }

  /** Deletes the collection with its documents, their chunks and their files. */
  async delete(principal: RequestPrincipal, id: string): Promise<void> {
    const row = await this.find(principal.workspaceId, id);
    const files = await this.dataSource.manager.find(DocumentEntity, {
      select: { storageKey: true },
      where: { collectionId: row.id },
    });
    await this.dataSource.manager.delete(CollectionEntity, { id: row.id });
    await Promise.all(files.map((f) => this.storage.delete(f.storageKey)));
  }

  /** The collection an upload goes to: the named one (checked against the workspace) or the default one. */
  async resolveForUpload(workspaceId: string, collectionId: string | undefined): Promise<CollectionEntity> {
    if (collectionId) return this.find(workspaceId, collectionId);
    const existing = await this.dataSource.manager
      .createQueryBuilder(CollectionEntity, 'c')
      .where('c.workspace_id = :workspaceId AND lower(c.name) = lower(:name)', {
        workspaceId,
        name: DEFAULT_COLLECTION_NAME,
      })
      .getOne();
    if (existing) return existing;
    try {
      return await this.insert(workspaceId, DEFAULT_COLLECTION_NAME, null);
    } catch (err) {
      // Two first uploads at once: the other one created it.
      if (err instanceof DocumentsException) return this.resolveForUpload(workspaceId, undefined);
      throw err;
    }
  }

  async find(
    workspaceId: string,
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<CollectionEntity> {
    const row = await manager.findOne(CollectionEntity, { where: { id, workspaceId } });
    if (!row) throw notFound();
    return row;
  }

  private async insert(
    workspaceId: string,
    name: string,
    description: string | null,
    language: string | null = null,
  ): Promise<CollectionEntity> {
    const embedder = await this.embeddings.defaultEmbedder();
    await this.vectorIndexes.ensure(embedder.dimension);
    const row = this.dataSource.manager.create(CollectionEntity, {
      workspaceId,
      name,
      description,
      embedderId: embedder.id,
      embeddingDimension: embedder.dimension,
      language,
      reindexEmbedderId: null,
      reindexStatus: null,
      reindexProgress: null,
      reindexError: null,
    });
    try {
      return await this.dataSource.manager.save(row);
    } catch (err) {
      if (isUniqueViolation(err)) throw this.nameTaken(name);
      throw err;
    }
  }

  private nameTaken(name: string): DocumentsException {
    return new DocumentsException(
      DocumentsErrorCode.CollectionNameTaken,
      `a collection named "${name}" already exists in this workspace`,
    );
  }

  private async documentCounts(ids: string[]): Promise<Map<string, number>> {
    if (!ids.length) return new Map();
    const rows = await this.dataSource.manager
      .createQueryBuilder(DocumentEntity, 'd')
      .select('d.collection_id', 'id')
      .addSelect('count(*)::int', 'count')
      .where('d.collection_id IN (:...ids)', { ids })
      .groupBy('d.collection_id')
      .getRawMany<{ id: string; count: number }>();
    return new Map(rows.map((r) => [r.id, r.count]));
  }

  private toDto(c: CollectionEntity, documentCount: number): CollectionDto {
    return {
      id: c.id,
      name: c.name,
      description: c.description,
      embedderId: c.embedderId,
      embeddingDimension: c.embeddingDimension,
      language: c.language,
      documentCount,
      reindex:
        c.reindexStatus && c.reindexEmbedderId
          ? {
              status: c.reindexStatus,
              embedderId: c.reindexEmbedderId,
              done: c.reindexProgress?.done ?? 0,
              total: c.reindexProgress?.total ?? 0,
              error: c.reindexError,
            }
          : null,
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
    };
  }
}
