import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { EmbeddingService, OFFLINE_EMBEDDER_ID } from '@docqa/embeddings';
import { SearchService } from '@docqa/retrieval';
import { FAST_AUTH_ENV, registerAccount } from '../support/accounts';
import { startApi, type RunningApp } from '../support/http-app';
import { databaseFor, databaseModes, testConfig } from '../support/test-env';
import { BulkChunks } from './bulk-chunks';

const EF_SEARCH = 10;

/**
 * Filtered vector search through the HNSW index: with an ef_search of 10, a bare HNSW scan filtered to two
 * batches of forty runs dry; pgvector's iterative scan keeps going until the filter has let enough rows through.
 * On a corpus this small PostgreSQL would rather sort the whole table than use the index, so the service is told
 * to use the index (SEARCH_EXACT_SCAN_LIMIT=0) and the planner to avoid sequential scans and sorts, which
 * leaves the HNSW index the only way to order rows by distance.
 */
describe.each(databaseModes())('filtered vector search through HNSW (%s)', (mode) => {
  let db: { env: Record<string, string>; cleanup(): Promise<void> };
  let api: RunningApp;
  let workspaceId: string;
  let documentId: string;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await databaseFor(mode);
    if (mode === 'server') {
      const admin = new Client({ connectionString: db.env.DATABASE_URL });
      await admin.connect();
      const [{ name }] = (await admin.query(`SELECT current_database() AS "name"`)).rows as { name: string }[];
      await admin.query(`ALTER DATABASE "${name}" SET enable_seqscan = off`);
      await admin.query(`ALTER DATABASE "${name}" SET enable_sort = off`);
      await admin.end();
    }
    api = await startApi(
      testConfig({
        ...db.env,
        ...FAST_AUTH_ENV,
        EMBEDDING_PROVIDER: 'offline',
        SEARCH_EXACT_SCAN_LIMIT: '0',
        SEARCH_HNSW_EF_SEARCH: String(EF_SEARCH),
      }),
    );
    workspaceId = (await registerAccount(api.url)).personalWorkspaceId;
    dataSource = api.app.get(DataSource);
    // The embedded database has one connection, kept for the app's life.
    if (mode === 'embedded') await dataSource.query(`SET enable_seqscan = off; SET enable_sort = off`);
    const bulk = new BulkChunks(dataSource);
    const collection = await bulk.collection(workspaceId, 'vectors');
    const texts = Array.from({ length: 400 }, (_, i) => ({
      name: `doc-${Math.floor(i / 10)}`,
      text: `Report ${i} on topic ${i % 37} with figure ${i * 13} and region ${i % 11}.`,
    }));
    const vectors = await api.app.get(EmbeddingService).embedDocuments(
      OFFLINE_EMBEDDER_ID,
      texts.map((t) => t.text),
    );
    // One document per chunk here; ten of them share a tag the filter selects.
    await bulk.insert(
      workspaceId,
      collection,
      texts.map((t, i) => ({ ...t, vector: vectors[i], metadata: { batch: Math.floor(i / 10) } })),
    );
    [{ id: documentId }] = (await dataSource.query(
      `SELECT "id" FROM "documents" WHERE "workspace_id" = $1 AND "metadata" @> '{"batch": 17}' LIMIT 1`,
      [workspaceId],
    )) as { id: string }[];
  });
  afterAll(async () => {
    await api?.close();
    await db?.cleanup();
  });

  it('returns as many results as asked for under a narrow filter', async () => {
    const search = api.app.get(SearchService);
    const res = await search.searchWorkspace(workspaceId, {
      query: 'report on topic 5 with figure 65',
      mode: 'vector',
      topK: 10,
      filters: { batch: [17, 23] },
      cache: false,
    });
    expect(res.plan.vector).toEqual({ path: 'hnsw', iterativeScan: true });
    expect(res.results).toHaveLength(10);
    const [{ batches }] = (await dataSource.query(
      `SELECT array_agg(DISTINCT ("metadata"->>'batch')::int) AS "batches" FROM "documents" WHERE "id" = ANY($1::uuid[])`,
      [res.results.map((r) => r.documentId)],
    )) as { batches: number[] }[];
    expect(batches.every((b) => b === 17 || b === 23)).toBe(true);

    // What the filter does to a bare HNSW scan of the same ef_search: it runs dry.
    const [query] = await api.app
      .get(EmbeddingService)
      .embedDocuments(OFFLINE_EMBEDDER_ID, ['report on topic 5 with figure 65']);
    const bare = await dataSource.transaction(async (m) => {
      await m.query(`SELECT set_config('hnsw.ef_search', '${EF_SEARCH}', true)`);
      return (await m.query(
        `SELECT "c"."id" FROM "chunks" "c" JOIN "documents" "d" ON "d"."id" = "c"."document_id"
         WHERE "c"."embedding_dim" = 384 AND ("d"."metadata" @> '{"batch": 17}' OR "d"."metadata" @> '{"batch": 23}')
         ORDER BY "c"."embedding"::vector(384) <=> $1::vector(384) LIMIT 10`,
        [`[${Array.from(query).join(',')}]`],
      )) as unknown[];
    });
    expect(bare.length).toBeLessThan(10);

    const one = await search.searchWorkspace(workspaceId, {
      query: 'report on topic 5',
      mode: 'vector',
      topK: 1,
      documentIds: [documentId],
      cache: false,
    });
    expect(one.results.map((r) => r.documentId)).toEqual([documentId]);
  });
});
