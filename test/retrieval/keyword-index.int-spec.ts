import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { Bm25Statistics, SearchService } from '@docqa/retrieval';
import { FAST_AUTH_ENV, registerAccount } from '../support/accounts';
import { startApi, type RunningApp } from '../support/http-app';
import { databaseFor, databaseModes, testConfig } from '../support/test-env';
import { BulkChunks } from './bulk-chunks';

const K1 = 0.9;
const B = 0.4;

/** A deterministic corpus where "alpha" and "beta" are in most chunks (posting lists longer than one read). */
function corpus(size: number): { name: string; text: string }[] {
  let seed = 7;
  const next = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  const rare = [
    'quasar',
    'nebula',
    'pulsar',
    'magnetar',
    'comet',
    'meteor',
    'asteroid',
    'galaxy',
    'photon',
    'neutrino',
  ];
  return Array.from({ length: size }, (_, i) => {
    const words: string[] = [];
    const length = 8 + Math.floor(next() * 40);
    for (let w = 0; w < length; w++) {
      const r = next();
      words.push(
        r < 0.3
          ? 'alpha'
          : r < 0.45
            ? 'beta'
            : r < 0.5
              ? 'gamma'
              : r < 0.55
                ? rare[Math.floor(next() * 10)]
                : `w${Math.floor(next() * 300)}`,
      );
    }
    return { name: `c${i}.txt`, text: `${words.join(' ')}.` };
  });
}

describe.each(databaseModes())('keyword index and BM25 (%s)', (mode) => {
  let db: { env: Record<string, string>; cleanup(): Promise<void> };
  let api: RunningApp;
  let dataSource: DataSource;
  let workspaceId: string;
  let collectionId: string;
  let bulk: BulkChunks;

  beforeAll(async () => {
    db = await databaseFor(mode);
    api = await startApi(
      testConfig({
        ...db.env,
        ...FAST_AUTH_ENV,
        EMBEDDING_PROVIDER: 'offline',
        SEARCH_BM25_K1: String(K1),
        SEARCH_BM25_B: String(B),
      }),
    );
    workspaceId = (await registerAccount(api.url)).personalWorkspaceId;
    dataSource = api.app.get(DataSource);
    bulk = new BulkChunks(dataSource);
    await bulk.dropVectorIndex();
    collectionId = await bulk.collection(workspaceId, 'space');
    await bulk.insert(workspaceId, collectionId, corpus(700));
  });
  afterAll(async () => {
    await api?.close();
    await db?.cleanup();
  });

  /** Statistics recomputed from the chunks themselves. */
  async function recomputed(): Promise<{ chunks: number; length: number; df: Record<string, number> }> {
    const [size] = (await dataSource.query(
      `SELECT count(*)::int AS "chunks", coalesce(sum((SELECT coalesce(sum(cardinality("positions")), 0) FROM unnest("tsv"))), 0)::int AS "length"
       FROM "chunks" WHERE "collection_id" = $1`,
      [collectionId],
    )) as { chunks: number; length: number }[];
    const dfs = (await dataSource.query(
      `SELECT "lexeme", count(*)::int AS "df" FROM "chunks", unnest("tsv") WHERE "collection_id" = $1 GROUP BY "lexeme"`,
      [collectionId],
    )) as { lexeme: string; df: number }[];
    return { ...size, df: Object.fromEntries(dfs.map((d) => [d.lexeme, d.df])) };
  }

  /** Statistics as search reads them: compacted totals plus deltas. */
  async function stored(): Promise<{ chunks: number; length: number; df: Record<string, number> }> {
    const [size] = (await dataSource.query(
      `SELECT coalesce(sum("chunks"), 0)::int AS "chunks", coalesce(sum("length"), 0)::int AS "length" FROM (
         SELECT "chunks", "length" FROM "retrieval_collection_stats" WHERE "collection_id" = $1
         UNION ALL SELECT "chunks", "length" FROM "retrieval_collection_deltas" WHERE "collection_id" = $1) "s"`,
      [collectionId],
    )) as { chunks: number; length: number }[];
    const dfs = (await dataSource.query(
      `SELECT "term", sum("df")::int AS "df" FROM (
         SELECT "term", "df" FROM "retrieval_term_stats" WHERE "collection_id" = $1
         UNION ALL SELECT "term", "df" FROM "retrieval_term_deltas" WHERE "collection_id" = $1) "t"
       GROUP BY "term" HAVING sum("df") <> 0`,
      [collectionId],
    )) as { term: string; df: number }[];
    return { ...size, df: Object.fromEntries(dfs.map((d) => [d.term, d.df])) };
  }

  async function postingsCount(): Promise<number> {
    const [row] = (await dataSource.query(
      `SELECT count(*)::int AS "n" FROM "retrieval_postings" WHERE "collection_id" = $1`,
      [collectionId],
    )) as { n: number }[];
    return row.n;
  }

  it('keeps document frequencies, lengths and postings exact through inserts, deletes and compaction', async () => {
    const sumDf = (df: Record<string, number>) => Object.values(df).reduce((a, b) => a + b, 0);
    expect(await stored()).toEqual(await recomputed());
    expect(await postingsCount()).toBe(sumDf((await recomputed()).df));

    const statistics = api.app.get(Bm25Statistics);
    const compacted = await statistics.compact();
    expect(compacted.ran).toBe(true);
    expect(compacted.termDeltas).toBeGreaterThan(0);
    const [deltas] = (await dataSource.query(
      `SELECT (SELECT count(*) FROM "retrieval_term_deltas")::int + (SELECT count(*) FROM "retrieval_collection_deltas")::int AS "n"`,
    )) as { n: number }[];
    expect(deltas.n).toBe(0);
    expect(await stored()).toEqual(await recomputed());

    // Deleting documents cascades to their chunks: the delete trigger sees them.
    await dataSource.query(
      `DELETE FROM "documents" WHERE "id" IN (SELECT "id" FROM "documents" WHERE "collection_id" = $1 ORDER BY "filename" LIMIT 100)`,
      [collectionId],
    );
    const afterDelete = await recomputed();
    expect(afterDelete.chunks).toBe(600);
    expect(await stored()).toEqual(afterDelete);
    expect(await postingsCount()).toBe(sumDf(afterDelete.df));
    await statistics.compact();
    expect(await stored()).toEqual(afterDelete);

    // An edit of a chunk's text in place is indexed too.
    const [chunk] = (await dataSource.query(`SELECT "id" FROM "chunks" WHERE "collection_id" = $1 LIMIT 1`, [
      collectionId,
    ])) as { id: string }[];
    await dataSource.query(`UPDATE "chunks" SET "text" = 'zeppelin zeppelin alpha' WHERE "id" = $1`, [chunk.id]);
    const afterEdit = await recomputed();
    expect(afterEdit.df.zeppelin).toBe(1);
    expect(await stored()).toEqual(afterEdit);
  });

  it('scores exactly as BM25 computed from the stored tsvectors', async () => {
    const rows = (await dataSource.query(
      `SELECT "c"."id", "t"."lexeme", cardinality("t"."positions") AS "tf" FROM "chunks" "c", unnest("c"."tsv") "t"
       WHERE "c"."collection_id" = $1`,
      [collectionId],
    )) as { id: string; lexeme: string; tf: number }[];
    const docs = new Map<string, Map<string, number>>();
    for (const r of rows) {
      if (!docs.has(r.id)) docs.set(r.id, new Map());
      docs.get(r.id)!.set(r.lexeme, r.tf);
    }
    const lengths = new Map([...docs].map(([id, tfs]) => [id, [...tfs.values()].reduce((a, b) => a + b, 0)]));
    const n = docs.size;
    const avg = [...lengths.values()].reduce((a, b) => a + b, 0) / n;
    const df = (term: string) => [...docs.values()].filter((d) => d.has(term)).length;
    const search = api.app.get(SearchService);

    for (const query of [
      'alpha beta',
      'alpha quasar',
      'gamma nebula pulsar',
      'alpha alpha beta comet w7',
      'w12 w13 beta',
    ]) {
      const [{ lexemes }] = (await dataSource.query(
        `SELECT coalesce(array_agg("lexeme"), '{}') AS "lexemes" FROM unnest(to_tsvector('english', $1))`,
        [query],
      )) as { lexemes: string[] }[];
      const qtf = new Map<string, number>();
      for (const word of query.split(' ')) {
        const [{ l }] = (await dataSource.query(`SELECT (to_tsvector('english', $1))::text AS "l"`, [word])) as {
          l: string;
        }[];
        const lexeme = /'([^']+)'/.exec(l)?.[1];
        if (lexeme) qtf.set(lexeme, (qtf.get(lexeme) ?? 0) + 1);
      }
      const expected = [...docs].map(([id, tfs]) => {
        let score = 0;
        for (const term of lexemes) {
          const tf = tfs.get(term) ?? 0;
          if (!tf) continue;
          const idf = Math.log(1 + (n - df(term) + 0.5) / (df(term) + 0.5));
          score += (qtf.get(term) ?? 1) * idf * ((tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * lengths.get(id)!) / avg)));
        }
        return { id, score };
      });
      const exactScore = new Map(expected.map((e) => [e.id, e.score]));
      const best = expected.filter((e) => e.score > 0).sort((a, b) => b.score - a.score);

      const res = await search.searchWorkspace(workspaceId, { query, mode: 'keyword', topK: 10, cache: false });
      expect(res.results).toHaveLength(10);
      for (const r of res.results) expect(r.keyword!.score).toBeCloseTo(exactScore.get(r.chunkId)!, 6);
      const got = res.results.map((r) => r.keyword!.score);
      if (res.plan.keyword!.exact) {
        best.slice(0, 10).forEach((e, i) => expect(got[i]).toBeCloseTo(e.score, 6));
      }
      // Whether proven or not, the top 10 holds at least 9 of BM25's top 10 (by score, ties included).
      const tenth = best[9].score;
      expect(got.filter((s) => s >= tenth - 1e-9).length).toBeGreaterThanOrEqual(9);
    }
  });

  // Two ingestion transactions adding chunks to one collection at once must not wait on each other.
  (mode === 'server' ? it : it.skip)(
    'never makes concurrent writers to one collection wait [skipped in embedded mode: PGlite serves one connection]',
    async () => {
      const url = db.env.DATABASE_URL;
      const open = async () => {
        const c = new Client({ connectionString: url });
        await c.connect();
        return c;
      };
      const [first, second] = [await open(), await open()];
      const write = async (c: Client, text: string) => {
        const doc = randomUUID();
        const parent = randomUUID();
        await c.query(
          `INSERT INTO "documents" ("id", "workspace_id", "collection_id", "filename", "type", "mime_type", "size_bytes", "sha256", "storage_key", "status")
         VALUES ($1, $2, $3, 'x.txt', 'text', 'text/plain', 1, $4, 'k', 'ready')`,
          [doc, workspaceId, collectionId, randomUUID().replaceAll('-', '').padEnd(64, '0')],
        );
        await c.query(
          `INSERT INTO "chunk_parents" ("id", "document_id", "workspace_id", "index", "text", "token_count", "char_start", "char_end")
         VALUES ($1, $2, $3, 0, $4, 1, 0, 1)`,
          [parent, doc, workspaceId, text],
        );
        await c.query(
          `INSERT INTO "chunks" ("document_id", "parent_id", "workspace_id", "collection_id", "index", "text", "token_count", "char_start", "char_end", "embedder_id", "embedding_dim", "embedding")
         VALUES ($1, $2, $3, $4, 0, $5, 1, 0, 1, 'offline:hash-384-v1', 384, $6)`,
          [doc, parent, workspaceId, collectionId, text, `[${new Array(384).fill(0).join(',')}]`],
        );
      };
      try {
        await first.query('BEGIN');
        await write(first, 'alpha beta concurrent first writer');
        await second.query('BEGIN');
        await second.query(`SET LOCAL lock_timeout = '2s'`);
        await write(second, 'alpha beta concurrent second writer');
        await second.query('COMMIT');
        await first.query('COMMIT');
      } finally {
        await first.end();
        await second.end();
      }
      expect(await stored()).toEqual(await recomputed());
    },
  );

  it('drops the postings and statistics of a deleted collection', async () => {
    await dataSource.query(`DELETE FROM "collections" WHERE "id" = $1`, [collectionId]);
    expect(await postingsCount()).toBe(0);
    await api.app.get(Bm25Statistics).compact();
    const [left] = (await dataSource.query(
      `SELECT (SELECT count(*) FROM "retrieval_term_stats" WHERE "collection_id" = $1)::int
            + (SELECT count(*) FROM "retrieval_collection_stats" WHERE "collection_id" = $1)::int AS "n"`,
      [collectionId],
    )) as { n: number }[];
    expect(left.n).toBe(0);
  });
});
