import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '@docqa/core';
import { EmbeddingService } from '@docqa/embeddings';
import { toVectorLiteral } from '@docqa/documents';
import { documentFilterSql, type ScopeCollection, type SearchScope } from '../search/search-scope';
import { SqlParams } from '../search/sql-params';

/** Without iterative scans, a filtered HNSW search reads this many times more candidates than it returns. */
const OVER_FETCH = 4;
/** pgvector's upper bound of hnsw.ef_search. */
const MAX_EF_SEARCH = 1000;

export interface VectorHit {
  id: string;
  /** Cosine similarity. */
  score: number;
  embedderId: string;
}

export interface VectorResult {
  hits: VectorHit[];
  path: 'hnsw' | 'exact';
  iterativeScan: boolean;
  embedMs: number;
}

/**
 * The vector leg: the query embedded with each searched collection's embedder (vectors of different
 * embedders are never compared), then the nearest chunks by cosine distance through the dimension's partial
 * HNSW index (`embedding::vector(<dim>) ... WHERE embedding_dim = <dim>`, the expression the index is built
 * on), with pgvector's iterative scan so that tenant and document filters never leave it short.
 */
@Injectable()
export class VectorSearch {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly embeddings: EmbeddingService,
    private readonly config: AppConfig,
  ) {}

  async search(
    scope: SearchScope,
    text: string,
    limit: number,
    features: { iterativeScan: boolean },
  ): Promise<VectorResult> {
    const byEmbedder = new Map<string, ScopeCollection[]>();
    for (const c of scope.collections) {
      if (!c.chunks) continue;
      byEmbedder.set(c.embedderId, [...(byEmbedder.get(c.embedderId) ?? []), c]);
    }
    // A small scope (a few documents, a small workspace in a large shared database) is ranked by exact
    // distance: cheaper than walking an HNSW graph full of other rows, and never short of results.
    const exact = scope.chunks <= this.config.retrieval.exactScanLimit;
    let embedMs = 0;
    const lists = await Promise.all(
      [...byEmbedder].map(async ([embedderId, collections]) => {
        const started = performance.now();
        const vector = await this.embeddings.embedQuery(embedderId, text);
        embedMs = Math.max(embedMs, performance.now() - started);
        const dimension = collections[0].dimension;
        if (!Number.isInteger(dimension) || vector.length !== dimension) {
          throw new Error(`embedder ${embedderId} gave ${vector.length} dimensions, the collection holds ${dimension}`);
        }
        const hits = await this.nearest(scope, collections, vector, limit, exact, features.iterativeScan);
        return hits.map((h) => ({ ...h, embedderId }));
      }),
    );
    const hits = lists
      .flat()
      .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
      .slice(0, limit);
    return { hits, path: exact ? 'exact' : 'hnsw', iterativeScan: !exact && features.iterativeScan, embedMs };
  }

  private async nearest(
    scope: SearchScope,
    collections: ScopeCollection[],
    vector: Float32Array,
    limit: number,
    exact: boolean,
    iterativeScan: boolean,
  ): Promise<{ id: string; score: number }[]> {
    const dim = collections[0].dimension;
    const p = new SqlParams();
    const q = p.add(toVectorLiteral(vector));
    const filters = `"ch"."embedding_dim" = ${dim} AND "ch"."workspace_id" = ${p.add(scope.workspaceId)}
        AND "ch"."collection_id" = ANY(${p.add(collections.map((c) => c.id))}::uuid[])
        AND ${documentFilterSql(scope, p, '"ch"')}`;
    let order: string;
    if (exact) {
      // Not the index expression (a cast to vector(dim)), or the planner walks the graph.
      order = `"ch"."embedding" <=> ${q}::vector`;
    } else {
      const ef = Math.min(
        MAX_EF_SEARCH,
        Math.max(this.config.retrieval.hnswEfSearch, limit * (iterativeScan ? 1 : OVER_FETCH)),
      );
      // The query vector comes out of an InitPlan that first sets the scan's settings for this statement only
      // (set_config local to its implicit transaction): PostgreSQL evaluates it before the index scan reads its
      // first tuple, which is when pgvector reads hnsw.ef_search and hnsw.iterative_scan. One round trip instead
      // of BEGIN, SET LOCAL, SELECT, COMMIT; the filtered-search test proves the iterative scan applies.
      const settings = [`set_config('hnsw.ef_search', '${ef}', true)`];
      if (iterativeScan) settings.push(`set_config('hnsw.iterative_scan', 'relaxed_order', true)`);
      order = `"ch"."embedding"::vector(${dim}) <=> (SELECT ${q}::vector(${dim}) FROM (SELECT ${settings.join(', ')}) AS "settings")`;
    }
    const rows = (await this.dataSource.query(
      `SELECT "ch"."id", "ch"."embedding" <=> ${q}::vector AS "distance" FROM "chunks" "ch"
      WHERE ${filters}
      ORDER BY ${order} LIMIT ${p.add(limit)}`,
      p.values,
    )) as { id: string; distance: number }[];
    // relaxed_order may return neighbours slightly out of order.
    return rows
      .map((r) => ({ id: r.id, score: 1 - Number(r.distance) }))
      .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
  }
}
