import { DataSource } from 'typeorm';

/**
 * The raw SQL floor search latency is held against: the least any search over these tables must do, written
 * by hand, on the same tables, indexes and connection pool as the service. No workspace or collection
 * filter (each benchmark database holds one corpus), no embedding of the query (its vector is passed in),
 * no fusion, no mapping of rows.
 */

/** Top 10 by cosine distance through the dimension's partial HNSW index (pgvector's default ef_search). */
export function hnswFloorSql(dimension: number): string {
  return (
    `SELECT "id" FROM "chunks" WHERE "embedding_dim" = ${dimension} ` +
    `ORDER BY "embedding"::vector(${dimension}) <=> $1::vector(${dimension}) LIMIT 10`
  );
}

/**
 * The query's words as PostgreSQL's English configuration reads them (stemmed, stop words dropped), any of
 * them matching: ranked keyword search (BM25 included) scores every chunk holding any query word, so the
 * floor matches as many rows as it does, not only the few holding all the words.
 */
export const ANY_WORD_TSQUERY = `CAST(replace(plainto_tsquery('english', $1)::text, ' & ', ' | ') AS tsquery)`;

/** Top 10 by `ts_rank` among the chunks matching the query, through the GIN index on the generated tsvector. */
export const FTS_FLOOR_SQL =
  `SELECT "id", ts_rank("tsv", q) AS "rank" FROM "chunks", ${ANY_WORD_TSQUERY} q ` +
  `WHERE "tsv" @@ q ORDER BY "rank" DESC LIMIT 10`;

export class SqlFloors {
  constructor(
    private readonly dataSource: DataSource,
    private readonly dimension: number,
  ) {}

  hnsw(vectorLiteral: string): Promise<unknown> {
    return this.dataSource.query(hnswFloorSql(this.dimension), [vectorLiteral]);
  }

  fullText(text: string): Promise<unknown> {
    return this.dataSource.query(FTS_FLOOR_SQL, [text]);
  }

  /** Both at once, as a hybrid search needs both lists (concurrently where the pool has two connections). */
  both(text: string, vectorLiteral: string): Promise<unknown> {
    return Promise.all([this.fullText(text), this.hnsw(vectorLiteral)]);
  }

  /** The indexes each floor query's plan uses, to show the floor is the indexed path and not a scan. */
  async plans(text: string, vectorLiteral: string): Promise<{ hnsw: string[]; fullText: string[] }> {
    const indexes = async (sql: string, param: string) => {
      const [row] = (await this.dataSource.query(`EXPLAIN (FORMAT JSON) ${sql}`, [param])) as {
        'QUERY PLAN': unknown;
      }[];
      const found = new Set<string>();
      const walk = (node: unknown): void => {
        if (!node || typeof node !== 'object') return;
        const n = node as Record<string, unknown>;
        if (typeof n['Index Name'] === 'string') found.add(n['Index Name']);
        for (const value of Object.values(n)) {
          if (Array.isArray(value)) value.forEach(walk);
          else if (value && typeof value === 'object') walk(value);
        }
      };
      const plan = typeof row['QUERY PLAN'] === 'string' ? JSON.parse(row['QUERY PLAN']) : row['QUERY PLAN'];
      walk(plan);
      return [...found];
    };
    return {
      hnsw: await indexes(hnswFloorSql(this.dimension), vectorLiteral),
      fullText: await indexes(FTS_FLOOR_SQL, text),
    };
  }
}
