import type { DataSource } from 'typeorm';
import { databaseModes, migratedDatabase } from '../../../../test/support/test-env';
import { metadataPredicate } from './search-scope';
import { SqlParams } from './sql-params';

/**
 * A metadata filter is resolved to documents once per search: as a containment test the documents' GIN index
 * answers it, where any other form tests every document of the workspace (75 ms at 100,000 documents).
 */
describe.each(databaseModes())('metadata filters (%s)', (mode) => {
  let dataSource: DataSource;
  let close: (() => Promise<void>) | undefined;

  const matching = async (filters: Parameters<typeof metadataPredicate>[0]): Promise<string[]> => {
    const params = new SqlParams();
    const rows = (await dataSource.query(
      `SELECT "d"."filename" FROM "documents" "d" WHERE ${metadataPredicate(filters, params)} ORDER BY 1`,
      params.values,
    )) as { filename: string }[];
    return rows.map((r) => r.filename);
  };

  beforeAll(async () => {
    ({ dataSource, close } = await migratedDatabase(mode));
    const [{ id: workspaceId }] = (await dataSource.query(
      `INSERT INTO "workspaces" ("name") VALUES ('filters') RETURNING "id"`,
    )) as { id: string }[];
    const [{ id: collectionId }] = (await dataSource.query(
      `INSERT INTO "collections" ("workspace_id", "name", "embedder_id", "embedding_dimension")
       VALUES ($1, 'c', 'offline:hash-384-v1', 384) RETURNING "id"`,
      [workspaceId],
    )) as { id: string }[];
    const metadata = [
      { team: 'sales', year: 2023 },
      { team: 'legal', year: '2023' },
      { team: ['sales', 'legal'], year: 2024 },
      { team: { name: 'sales' } },
      {},
    ];
    for (const [i, m] of metadata.entries()) {
      await dataSource.query(
        `INSERT INTO "documents" ("workspace_id", "collection_id", "filename", "type", "mime_type", "size_bytes",
           "sha256", "storage_key", "metadata", "status")
         VALUES ($1, $2, $3, 'text', 'text/plain', 1, $4, $3, $5, 'ready')`,
        [workspaceId, collectionId, `doc-${i}`, String(i).padStart(64, '0'), JSON.stringify(m)],
      );
    }
  });
  afterAll(async () => {
    await close?.();
  });

  it('matches a key equal to the value or an array holding it, any of a list, every key, JSON types exact', async () => {
    expect(await matching({ team: 'sales' })).toEqual(['doc-0', 'doc-2']);
    expect(await matching({ year: 2023 })).toEqual(['doc-0']);
    expect(await matching({ year: '2023' })).toEqual(['doc-1']);
    expect(await matching({ year: [2023, 2024] })).toEqual(['doc-0', 'doc-2']);
    expect(await matching({ team: 'legal', year: 2024 })).toEqual(['doc-2']);
    expect(await matching({ team: 'marketing' })).toEqual([]);
  });

  it('is answered by the documents GIN index', async () => {
    const params = new SqlParams();
    const sql = `SELECT "d"."id" FROM "documents" "d" WHERE ${metadataPredicate({ team: ['sales', 'legal'] }, params)}`;
    const plan = await dataSource.transaction(async (m) => {
      // Five rows: left to itself the planner reads the table; without that choice the index must serve it.
      await m.query(`SET LOCAL enable_seqscan = off`);
      return (await m.query(`EXPLAIN (FORMAT JSON) ${sql}`, params.values)) as { 'QUERY PLAN': unknown }[];
    });
    expect(JSON.stringify(plan[0]['QUERY PLAN'])).toContain('IDX_documents_metadata');
  });
});
