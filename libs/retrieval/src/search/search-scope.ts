import type { MetadataFilters } from './search.types';
import type { SqlParams } from './sql-params';

export interface ScopeCollection {
  id: string;
  embedderId: string;
  dimension: number;
  /** Chunks indexed in it (keyword statistics, current to the last commit). */
  chunks: number;
}

/**
 * What a search may read, resolved and checked against the caller's workspace before any leg runs: the
 * collections, and the documents the filters leave, as a list when it is short enough to pass around,
 * else as the metadata predicate itself.
 */
export interface SearchScope {
  workspaceId: string;
  collections: ScopeCollection[];
  /** null: no document filter. */
  documentIds: string[] | null;
  /** A metadata predicate still to apply (when too many documents match to list them). */
  metadata: MetadataFilters | null;
  /** Chunks the search covers (an estimate from document chunk counts when filtered). */
  chunks: number;
  /** The snapshot the scope was read in (`pg_current_snapshot()`), for the result cache. */
  snapshot: string;
}

/** True when nothing can match: no collection, or filters that leave no document. */
export function isEmptyScope(scope: SearchScope): boolean {
  return !scope.collections.length || scope.chunks === 0 || (scope.documentIds !== null && !scope.documentIds.length);
}

/**
 * SQL that is true for a `documents` row (alias `d`) matching every filter: a key equal to the value, or an
 * array holding it; a list of values matches any of them. Values compare as JSON (2023 is not "2023").
 */
export function metadataPredicate(filters: MetadataFilters, params: SqlParams, alias = 'd'): string {
  // One containment test per key, over every accepted form ({"k": v} equal, {"k": [v]} an array holding it):
  // the form the documents' GIN index (jsonb_path_ops) answers, so a filter reads the matching documents
  // instead of testing every document of the workspace.
  const clauses = Object.entries(filters).map(([key, value]) => {
    const forms = (Array.isArray(value) ? value : [value]).flatMap((v) => [
      JSON.stringify({ [key]: v }),
      JSON.stringify({ [key]: [v] }),
    ]);
    return `${alias}."metadata" @> ANY(${params.add(forms)}::jsonb[])`;
  });
  return clauses.length ? clauses.join(' AND ') : 'TRUE';
}

/** The SQL that keeps a `chunks` row (alias `alias`) inside the scope's documents. */
export function documentFilterSql(scope: SearchScope, params: SqlParams, alias: string): string {
  const parts: string[] = [];
  if (scope.documentIds) parts.push(`${alias}."document_id" = ANY(${params.add(scope.documentIds)}::uuid[])`);
  if (scope.metadata) {
    parts.push(
      `EXISTS (SELECT 1 FROM "documents" "d" WHERE "d"."id" = ${alias}."document_id" AND ${metadataPredicate(scope.metadata, params)})`,
    );
  }
  return parts.length ? parts.join(' AND ') : 'TRUE';
}
