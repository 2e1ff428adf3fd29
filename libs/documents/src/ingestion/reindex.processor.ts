import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { EventBus, JobContext, JobHandler, JobName, JobProcessor } from '@docqa/core';
import { EmbeddingService } from '@docqa/embeddings';
import { contextualText } from '../chunking';
import { toVectorLiteral } from '../chunks/vector-literal';
import { CollectionEntity } from '../collections/collection.entity';
import { documentEventsChannel } from '../progress/document-events';
import { embeddingFailure } from './ingest-failure';

/** Chunks embedded per round; progress is written after each. */
const ROUND = 256;

interface PendingChunk {
  id: string;
  text: string;
  heading_path: string[];
  title: string | null;
}

/**
 * The `reindex` job: embeds every chunk of a collection with the collection's next embedder into a staging
 * table, then, in one transaction, moves all the new vectors into `chunks` and switches the collection. Search
 * keeps using the old vectors until that moment, and never sees a mix. Documents ingested meanwhile are
 * picked up before the swap. A killed run resumes from the staged vectors.
 */
@Injectable()
@JobHandler(JobName.Reindex)
export class ReindexProcessor implements JobProcessor<JobName.Reindex> {
  private readonly logger = new Logger('Reindex');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly embeddings: EmbeddingService,
    private readonly bus: EventBus,
  ) {}

  async handle(ctx: JobContext<JobName.Reindex>): Promise<void> {
    const { collectionId, workspaceId } = ctx.payload;
    const collection = await this.dataSource.manager.findOneBy(CollectionEntity, { id: collectionId, workspaceId });
    if (!collection || collection.reindexStatus !== 'running' || !collection.reindexEmbedderId) return;
    const target = collection.reindexEmbedderId;
    const embedder = await this.embeddings.embedder(target).catch((err: unknown) => {
      throw embeddingFailure(err);
    });
    const total = await this.countChunks(collectionId);
    for (;;) {
      ctx.signal.throwIfAborted();
      const pending = (await this.dataSource.query(
        `SELECT c."id", c."text", c."heading_path", d."title" FROM "chunks" c
           JOIN "documents" d ON d."id" = c."document_id"
         WHERE c."collection_id" = $1 AND NOT EXISTS (
           SELECT 1 FROM "chunk_reindex_vectors" v WHERE v."chunk_id" = c."id" AND v."embedder_id" = $2)
         ORDER BY c."id" LIMIT ${ROUND}`,
        [collectionId, target],
      )) as PendingChunk[];
      if (!pending.length) {
        if (await this.swap(collectionId, target, embedder.dimension)) break;
        continue;
      }
      const vectors = await this.embeddings
        .embedDocuments(
          target,
          pending.map((c) => contextualText({ text: c.text, headingPath: c.heading_path }, c.title ?? undefined)),
          { signal: ctx.signal },
        )
        .catch((err: unknown) => {
          throw embeddingFailure(err);
        });
      const params: unknown[] = [];
      const tuples = pending.map((c, i) => {
        params.push(c.id, collectionId, target, toVectorLiteral(vectors[i]));
        const n = params.length;
        return `($${n - 3}, $${n - 2}, $${n - 1}, $${n})`;
      });
      await this.dataSource.query(
        `INSERT INTO "chunk_reindex_vectors" ("chunk_id", "collection_id", "embedder_id", "embedding") VALUES ${tuples.join(', ')}
         ON CONFLICT ("chunk_id") DO UPDATE SET "embedder_id" = EXCLUDED."embedder_id", "embedding" = EXCLUDED."embedding"`,
        params,
      );
      const done = await this.countStaged(collectionId, target);
      await this.dataSource.manager.update(
        CollectionEntity,
        { id: collectionId },
        { reindexProgress: { done, total: Math.max(total, done) } },
      );
      await this.publish(workspaceId, collectionId, 'running', done, Math.max(total, done));
    }
    this.logger.log({ collectionId, embedderId: target, chunks: total }, 'collection re-indexed');
    await this.publish(workspaceId, collectionId, 'done', total, total);
  }

  async onFailed(ctx: JobContext<JobName.Reindex>, error: unknown): Promise<void> {
    const { collectionId, workspaceId } = ctx.payload;
    const message = error instanceof Error ? error.message.slice(0, 500) : String(error);
    await this.dataSource.manager.update(
      CollectionEntity,
      { id: collectionId },
      { reindexStatus: 'failed', reindexError: message },
    );
    await this.dataSource.query(`DELETE FROM "chunk_reindex_vectors" WHERE "collection_id" = $1`, [collectionId]);
    await this.publish(workspaceId, collectionId, 'failed', 0, 0, message);
  }

  /** Moves every staged vector into `chunks` at once; false when chunks arrived meanwhile (embed those first). */
  private swap(collectionId: string, target: string, dimension: number): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT 1 FROM "collections" WHERE "id" = $1 FOR UPDATE`, [collectionId]);
      const [{ missing }] = (await manager.query(
        `SELECT count(*)::int AS "missing" FROM "chunks" c WHERE c."collection_id" = $1 AND NOT EXISTS (
           SELECT 1 FROM "chunk_reindex_vectors" v WHERE v."chunk_id" = c."id" AND v."embedder_id" = $2)`,
        [collectionId, target],
      )) as { missing: number }[];
      if (missing > 0) return false;
      await manager.query(
        `UPDATE "chunks" c SET "embedding" = v."embedding", "embedder_id" = v."embedder_id", "embedding_dim" = $3
         FROM "chunk_reindex_vectors" v WHERE v."chunk_id" = c."id" AND c."collection_id" = $1 AND v."embedder_id" = $2`,
        [collectionId, target, dimension],
      );
      await manager.query(
        `UPDATE "collections" SET "embedder_id" = $2, "embedding_dimension" = $3, "reindex_embedder_id" = NULL,
           "reindex_status" = NULL, "reindex_progress" = NULL, "reindex_error" = NULL, "updated_at" = now()
         WHERE "id" = $1`,
        [collectionId, target, dimension],
      );
      await manager.query(`DELETE FROM "chunk_reindex_vectors" WHERE "collection_id" = $1`, [collectionId]);
      return true;
    });
  }

  private async countChunks(collectionId: string): Promise<number> {
    const [{ n }] = (await this.dataSource.query(
      `SELECT count(*)::int AS "n" FROM "chunks" WHERE "collection_id" = $1`,
      [collectionId],
    )) as { n: number }[];
    return n;
  }

  private async countStaged(collectionId: string, target: string): Promise<number> {
    const [{ n }] = (await this.dataSource.query(
      `SELECT count(*)::int AS "n" FROM "chunk_reindex_vectors" WHERE "collection_id" = $1 AND "embedder_id" = $2`,
      [collectionId, target],
    )) as { n: number }[];
    return n;
  }

  private publish(
    workspaceId: string,
    collectionId: string,
    status: string,
    done: number,
    total: number,
    error?: string,
  ) {
    return this.bus.publish(documentEventsChannel(workspaceId), {
      type: 'collection.reindex',
      collectionId,
      status,
      done,
      total,
      error: error ?? null,
      at: new Date().toISOString(),
    });
  }
}
