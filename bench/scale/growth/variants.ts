import type { IndexDefinition } from '../../retrieval/bulk-load';

/**
 * The vector search settings bench:scale compares, as SQL. Every statement takes the query vector as $1
 * (pgvector's text form) and sets its scan settings for itself only, the way `VectorSearch` does:
 * `set_config(..., true)` in an InitPlan runs before the index scan reads its first row, inside the
 * statement's implicit transaction, so nothing leaks to the next query on the pooled connection.
 */

export const DIMENSION = 384;

/** A table of vectors and the expressions its HNSW indexes are built on (alias "ch"). */
export interface VectorTable {
  table: string;
  /** The partial indexes' predicate. */
  predicate: string;
  vector: string;
  halfvec: string;
  bits: string;
  /** Cosine distance to $1 written so that no index matches it: the exact answer. */
  exactDistance: string;
  indexes: { halfvec: IndexDefinition; bits: IndexDefinition };
}

/** DocQA's chunks: an untyped `embedding` column, indexed per dimension on a cast (the migration's HNSW index). */
export const CHUNKS: VectorTable = {
  table: 'chunks',
  predicate: `"ch"."embedding_dim" = ${DIMENSION}`,
  vector: `"ch"."embedding"::vector(${DIMENSION})`,
  halfvec: `"ch"."embedding"::halfvec(${DIMENSION})`,
  bits: `binary_quantize("ch"."embedding"::vector(${DIMENSION}))::bit(${DIMENSION})`,
  exactDistance: `"ch"."embedding" <=> $1::vector`,
  indexes: {
    halfvec: {
      name: 'IDX_bench_scale_chunks_halfvec_384_hnsw',
      definition:
        `CREATE INDEX IF NOT EXISTS "IDX_bench_scale_chunks_halfvec_384_hnsw" ON "chunks" USING hnsw ` +
        `(("embedding"::halfvec(${DIMENSION})) halfvec_cosine_ops) WHERE "embedding_dim" = ${DIMENSION}`,
    },
    bits: {
      name: 'IDX_bench_scale_chunks_bit_384_hnsw',
      definition:
        `CREATE INDEX IF NOT EXISTS "IDX_bench_scale_chunks_bit_384_hnsw" ON "chunks" USING hnsw ` +
        `((binary_quantize("embedding"::vector(${DIMENSION}))::bit(${DIMENSION})) bit_hamming_ops) ` +
        `WHERE "embedding_dim" = ${DIMENSION}`,
    },
  },
};

/** Dense vectors shaped like a sentence-embedding model's (see dense-vectors.ts), in a table of their own. */
export const DENSE: VectorTable = {
  table: 'bench_scale_dense',
  predicate: 'TRUE',
  vector: `"ch"."embedding"`,
  halfvec: `"ch"."embedding"::halfvec(${DIMENSION})`,
  bits: `binary_quantize("ch"."embedding")::bit(${DIMENSION})`,
  exactDistance: `("ch"."embedding" <=> $1::vector(${DIMENSION})) + 0`,
  indexes: {
    halfvec: {
      name: 'IDX_bench_scale_dense_halfvec_hnsw',
      definition:
        `CREATE INDEX IF NOT EXISTS "IDX_bench_scale_dense_halfvec_hnsw" ON "bench_scale_dense" USING hnsw ` +
        `(("embedding"::halfvec(${DIMENSION})) halfvec_cosine_ops)`,
    },
    bits: {
      name: 'IDX_bench_scale_dense_bit_hnsw',
      definition:
        `CREATE INDEX IF NOT EXISTS "IDX_bench_scale_dense_bit_hnsw" ON "bench_scale_dense" USING hnsw ` +
        `((binary_quantize("embedding")::bit(${DIMENSION})) bit_hamming_ops)`,
    },
  },
};

export const DENSE_HNSW_INDEX: IndexDefinition = {
  name: 'IDX_bench_scale_dense_hnsw',
  definition: `CREATE INDEX IF NOT EXISTS "IDX_bench_scale_dense_hnsw" ON "bench_scale_dense" USING hnsw ("embedding" vector_cosine_ops)`,
};

/** A filter on `chunks` (alias "ch"), with the parameters it takes after $1. */
export interface ChunkFilter {
  name: string;
  /** Share of the chunks it keeps (for the report). */
  share: number;
  sql: (firstParam: number) => string;
  params: unknown[];
}

export type IterativeScan = 'off' | 'relaxed_order' | 'strict_order';

export interface VectorVariant {
  name: string;
  /** What the variant is, for the report. */
  what: string;
  sql: (table: VectorTable, filter?: ChunkFilter) => string;
}

function settings(efSearch: number, iterative: IterativeScan): string {
  if (!Number.isInteger(efSearch) || efSearch < 1 || efSearch > 1000) throw new RangeError(`ef_search ${efSearch}`);
  return (
    `SELECT set_config('hnsw.ef_search', '${efSearch}', true), ` +
    `set_config('hnsw.iterative_scan', '${iterative}', true)`
  );
}

function where(t: VectorTable, filter: ChunkFilter | undefined): string {
  return `${t.predicate}${filter ? ` AND ${filter.sql(2)}` : ''}`;
}

/** The query vector, cast as the index expression wants it, after the scan settings are set. */
function query(cast: string, efSearch: number, iterative: IterativeScan): string {
  return `(SELECT $1::${cast} FROM (${settings(efSearch, iterative)}) AS "s")`;
}

/** Top `limit` through the HNSW index on the full-precision vectors (cosine). */
export function hnswSql(efSearch: number, iterative: IterativeScan, limit = 10): VectorVariant['sql'] {
  return (t, filter) =>
    `SELECT "ch"."id" FROM "${t.table}" "ch" WHERE ${where(t, filter)} ` +
    `ORDER BY ${t.vector} <=> ${query(`vector(${DIMENSION})`, efSearch, iterative)} LIMIT ${limit}`;
}

/** Top 10 through the halfvec index: the query is cast to halfvec too; no re-ranking at that precision. */
export function halfvecSql(efSearch: number, iterative: IterativeScan = 'off'): VectorVariant['sql'] {
  return (t, filter) =>
    `SELECT "ch"."id" FROM "${t.table}" "ch" WHERE ${where(t, filter)} ` +
    `ORDER BY ${t.halfvec} <=> ${query(`halfvec(${DIMENSION})`, efSearch, iterative)} LIMIT 10`;
}

/**
 * Binary quantization with re-ranking: `candidates` nearest by Hamming distance through the bit index, then
 * the top 10 of those by exact cosine distance on the full vectors.
 */
export function binarySql(candidates: number, efSearch: number): VectorVariant['sql'] {
  return (t, filter) =>
    `SELECT "c"."id" FROM (SELECT "ch"."id", "ch"."embedding" FROM "${t.table}" "ch" WHERE ${where(t, filter)} ` +
    `ORDER BY ${t.bits} <~> binary_quantize(${query(`vector(${DIMENSION})`, efSearch, 'off')}) ` +
    `LIMIT ${candidates}) "c" ORDER BY "c"."embedding" <=> $1::vector LIMIT 10`;
}

/** The exact top 10: distance over every row the filter keeps, written so that no index serves it. */
export function exactSql(t: VectorTable, filter?: ChunkFilter): string {
  return `SELECT "ch"."id" FROM "${t.table}" "ch" WHERE ${where(t, filter)} ORDER BY ${t.exactDistance} LIMIT 10`;
}

/** What DocQA does on a pgvector without iterative scans (older than 0.8): 4 x limit candidates, then the filter. */
export const OVER_FETCH = 4;

export const UNFILTERED_VARIANTS: VectorVariant[] = [
  { name: 'hnsw ef=40', what: 'HNSW (vector), hnsw.ef_search 40 (pgvector default)', sql: hnswSql(40, 'off') },
  { name: 'hnsw ef=100', what: 'HNSW (vector), hnsw.ef_search 100', sql: hnswSql(100, 'off') },
  { name: 'hnsw ef=200', what: 'HNSW (vector), hnsw.ef_search 200', sql: hnswSql(200, 'off') },
  { name: 'halfvec ef=40', what: 'HNSW on a halfvec(384) expression, ef_search 40', sql: halfvecSql(40) },
  { name: 'halfvec ef=100', what: 'HNSW on a halfvec(384) expression, ef_search 100', sql: halfvecSql(100) },
  {
    name: 'binary 40 -> 10',
    what: 'HNSW on binary_quantize(embedding), 40 candidates (ef 100) re-ranked by cosine',
    sql: binarySql(40, 100),
  },
  {
    name: 'binary 200 -> 10',
    what: 'HNSW on binary_quantize(embedding), 200 candidates (ef 400) re-ranked by cosine',
    sql: binarySql(200, 400),
  },
];

export const FILTERED_VARIANTS: VectorVariant[] = [
  { name: 'hnsw, no iterative', what: 'filter applied to an ef 40 scan', sql: hnswSql(40, 'off') },
  {
    name: 'hnsw, over-fetch',
    what: 'filter applied to an ef 40 scan asked for 40 rows, the top 10 kept (DocQA on pgvector < 0.8)',
    sql: (t, filter) => `SELECT "id" FROM (${hnswSql(40, 'off', 10 * OVER_FETCH)(t, filter)}) "o" LIMIT 10`,
  },
  { name: 'hnsw, iterative relaxed', what: 'iterative scan, relaxed_order (DocQA)', sql: hnswSql(40, 'relaxed_order') },
  { name: 'hnsw, iterative strict', what: 'iterative scan, strict_order', sql: hnswSql(40, 'strict_order') },
  { name: 'halfvec, iterative relaxed', what: 'halfvec HNSW, iterative scan', sql: halfvecSql(40, 'relaxed_order') },
  { name: 'exact', what: 'exact distance over the rows the filter keeps', sql: exactSql },
];
