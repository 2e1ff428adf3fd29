import type { DataSource } from 'typeorm';

export interface RelationSize {
  name: string;
  /** `table` (heap, without TOAST or indexes), `toast`, or the index's access method (hnsw, gin, btree). */
  kind: string;
  bytes: number;
}

export interface StorageSizes {
  /** The chunks table, its TOAST and every index on it. */
  chunks: RelationSize[];
  /** The BM25 postings table the triggers on chunks fill, and its indexes. */
  postings: RelationSize[];
  /** The dense vector table and its indexes, when measured. */
  dense: RelationSize[];
  database: number;
}

const TABLES = ['chunks', 'retrieval_postings', 'bench_scale_dense'];

/** pg_relation_size of each table, its TOAST table and each of its indexes; and the database's total. */
export async function storageSizes(dataSource: DataSource): Promise<StorageSizes> {
  const rows = (await dataSource.query(
    `SELECT t."relname" AS "table", t."relname" AS "name", 'table' AS "kind", pg_relation_size(t."oid") AS "bytes"
       FROM pg_class t WHERE t."relname" = ANY($1) AND t."relnamespace" = current_schema()::regnamespace
     UNION ALL
     SELECT t."relname", t."relname" || ' (TOAST)', 'toast', pg_total_relation_size(t."reltoastrelid")
       FROM pg_class t WHERE t."relname" = ANY($1) AND t."relnamespace" = current_schema()::regnamespace
         AND t."reltoastrelid" <> 0
     UNION ALL
     SELECT t."relname", c."relname", am."amname", pg_relation_size(c."oid")
       FROM pg_index i JOIN pg_class c ON c."oid" = i."indexrelid" JOIN pg_class t ON t."oid" = i."indrelid"
       JOIN pg_am am ON am."oid" = c."relam"
       WHERE t."relname" = ANY($1) AND t."relnamespace" = current_schema()::regnamespace
     ORDER BY 1, 4 DESC`,
    [TABLES],
  )) as { table: string; name: string; kind: string; bytes: string }[];
  const [db] = (await dataSource.query(`SELECT pg_database_size(current_database()) AS "bytes"`)) as {
    bytes: string;
  }[];
  const of = (table: string) =>
    rows.filter((r) => r.table === table).map((r) => ({ name: r.name, kind: r.kind, bytes: Number(r.bytes) }));
  return {
    chunks: of('chunks'),
    postings: of('retrieval_postings'),
    dense: of('bench_scale_dense'),
    database: Number(db.bytes),
  };
}

/** Bytes as MiB or GiB, for tables. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '-';
  if (bytes >= 2 ** 30) return `${(bytes / 2 ** 30).toFixed(2)} GiB`;
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}
