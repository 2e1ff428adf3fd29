import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RetrievalErrorCode, RetrievalException } from '../retrieval.errors';
import { metadataPredicate, type ScopeCollection, type SearchScope } from './search-scope';
import type { MetadataFilters } from './search.types';
import { SqlParams } from './sql-params';

/** Above this many matching documents, a metadata filter stays a predicate instead of an id list. */
const MAX_LISTED_DOCUMENTS = 2000;

interface ScopeRow {
  snapshot: string;
  collections: [string, string, number, string | number][] | null;
  documents: [string, string, number][] | null;
  matched_count: string | number | null;
  matched_chunks: string | number | null;
  matched_ids: string[] | null;
}

/**
 * Resolves and checks what a search may read, in one query: the caller's collections (all, or the requested
 * ones, each of which must be the workspace's), the requested documents (likewise), the documents the metadata
 * filters leave, and the snapshot all of it was read in.
 */
@Injectable()
export class ScopeResolver {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async resolve(
    workspaceId: string,
    request: { collectionIds?: string[]; documentIds?: string[]; filters?: MetadataFilters },
  ): Promise<SearchScope> {
    const collectionIds = request.collectionIds?.length ? [...new Set(request.collectionIds)] : null;
    const documentIds = request.documentIds?.length ? [...new Set(request.documentIds)] : null;
    const filters = request.filters && Object.keys(request.filters).length ? request.filters : null;
    const params = new SqlParams([workspaceId, collectionIds, documentIds]);
    const matched = filters
      ? `, "matched" AS (
          SELECT "d"."id", "d"."chunk_count" FROM "documents" "d"
          WHERE "d"."workspace_id" = $1 AND "d"."collection_id" IN (SELECT "id" FROM "cols")
            AND ($3::uuid[] IS NULL OR "d"."id" = ANY($3::uuid[])) AND ${metadataPredicate(filters, params)})`
      : '';
    const matchedColumns = filters
      ? `(SELECT count(*) FROM "matched") AS "matched_count",
         (SELECT coalesce(sum("chunk_count"), 0) FROM "matched") AS "matched_chunks",
         (SELECT CASE WHEN count(*) <= ${MAX_LISTED_DOCUMENTS} THEN coalesce(array_agg("id"), '{}') END FROM "matched") AS "matched_ids"`
      : `NULL AS "matched_count", NULL AS "matched_chunks", NULL AS "matched_ids"`;
    const [row] = (await this.dataSource.query(
      `WITH "cols" AS (
         SELECT "id", "embedder_id", "embedding_dimension" FROM "collections"
         WHERE "workspace_id" = $1 AND ($2::uuid[] IS NULL OR "id" = ANY($2::uuid[]))
       ), "sizes" AS (
         SELECT "collection_id", sum("chunks") AS "chunks" FROM (
           SELECT "collection_id", "chunks" FROM "retrieval_collection_stats" WHERE "collection_id" IN (SELECT "id" FROM "cols")
           UNION ALL
           SELECT "collection_id", "chunks" FROM "retrieval_collection_deltas" WHERE "collection_id" IN (SELECT "id" FROM "cols")
         ) "s" GROUP BY "collection_id"
       ), "docs" AS (
         SELECT "id", "collection_id", "chunk_count" FROM "documents"
         WHERE $3::uuid[] IS NOT NULL AND "workspace_id" = $1 AND "id" = ANY($3::uuid[])
       )${matched}
       SELECT pg_current_snapshot()::text AS "snapshot",
         (SELECT json_agg(json_build_array("c"."id", "c"."embedder_id", "c"."embedding_dimension", coalesce("s"."chunks", 0)))
            FROM "cols" "c" LEFT JOIN "sizes" "s" ON "s"."collection_id" = "c"."id") AS "collections",
         (SELECT json_agg(json_build_array("id", "collection_id", "chunk_count")) FROM "docs") AS "documents",
         ${matchedColumns}`,
      params.values,
    )) as ScopeRow[];

    const collections: ScopeCollection[] = (row.collections ?? []).map(([id, embedderId, dimension, chunks]) => ({
      id,
      embedderId,
      dimension,
      chunks: Number(chunks),
    }));
    if (collectionIds && collections.length !== collectionIds.length) {
      throw new RetrievalException(RetrievalErrorCode.CollectionNotFound, 'collection not found');
    }
    const docs = row.documents ?? [];
    if (documentIds && docs.length !== documentIds.length) {
      throw new RetrievalException(RetrievalErrorCode.DocumentNotFound, 'document not found');
    }
    const inScope = new Set(collections.map((c) => c.id));
    let scopedDocs: string[] | null = null;
    let chunks = collections.reduce((n, c) => n + c.chunks, 0);
    if (documentIds) {
      const kept = docs.filter(([, collectionId]) => inScope.has(collectionId));
      scopedDocs = kept.map(([id]) => id);
      chunks = kept.reduce((n, [, , count]) => n + count, 0);
    }
    let metadata: MetadataFilters | null = null;
    if (filters) {
      chunks = Number(row.matched_chunks ?? 0);
      if (row.matched_ids) scopedDocs = row.matched_ids;
      else metadata = filters;
    }
    return { workspaceId, collections, documentIds: scopedDocs, metadata, chunks, snapshot: row.snapshot };
  }
}
