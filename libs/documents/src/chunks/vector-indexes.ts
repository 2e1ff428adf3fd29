import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** pgvector's HNSW index takes at most 2,000 dimensions for the `vector` type. */
export const MAX_INDEXED_DIMENSION = 2000;

/**
 * The HNSW index of each embedding dimension in use. `chunks.embedding` has no fixed dimension, so each
 * dimension gets a partial index on `embedding::vector(<dim>)`; search must use that same expression
 * and predicate to hit it. The migration creates the 384-dimension one.
 */
@Injectable()
export class VectorIndexes {
  private readonly known = new Set<number>([384]);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  static indexName(dimension: number): string {
    return `IDX_chunks_embedding_${dimension}_hnsw`;
  }

  async ensure(dimension: number, manager: EntityManager = this.dataSource.manager): Promise<void> {
    if (!Number.isInteger(dimension) || dimension < 1 || dimension > MAX_INDEXED_DIMENSION) {
      throw new RangeError(`embedding dimension ${dimension} cannot be indexed (1 to ${MAX_INDEXED_DIMENSION})`);
    }
    if (this.known.has(dimension)) return;
    await manager.query(
      `CREATE INDEX IF NOT EXISTS "${VectorIndexes.indexName(dimension)}" ON "chunks" ` +
        `USING hnsw (("embedding"::vector(${dimension})) vector_cosine_ops) WHERE "embedding_dim" = ${dimension}`,
    );
    this.known.add(dimension);
  }
}
