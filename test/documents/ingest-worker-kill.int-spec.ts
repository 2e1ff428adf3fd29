import { Client } from 'pg';
import { spawnBuiltApp, type SpawnedApp } from '../support/spawn-app';
import { FAST_AUTH_ENV, registerAccount } from '../support/accounts';
import { markdownDoc, prose } from '../support/document-fixtures';
import {
  createTempDatabase,
  describeIf,
  SERVER_DATABASE_URL,
  SERVER_REDIS_URL,
  tempDataDir,
  uniqueName,
  type TempDatabase,
  type TempDir,
} from '../support/test-env';
import { DocumentsClient } from './documents-client';

const describeServer = describeIf(
  !!SERVER_DATABASE_URL && !!SERVER_REDIS_URL,
  'DATABASE_URL and REDIS_URL are not both set',
);

/**
 * The crash guarantee, with real processes: an API and a worker on one PostgreSQL and one Redis; the
 * worker is killed (SIGKILL) while it ingests a document. The job is recovered by a new worker, and the
 * document ends ready with exactly one copy of its chunks.
 */
describeServer('a worker killed in the middle of a document', () => {
  let db: TempDatabase;
  let data: TempDir;
  let env: Record<string, string>;
  const procs: SpawnedApp[] = [];

  beforeAll(async () => {
    db = await createTempDatabase();
    data = await tempDataDir();
    env = {
      ...FAST_AUTH_ENV,
      NODE_ENV: 'test',
      DATA_DIR: data.dir,
      DATABASE_URL: db.url,
      REDIS_URL: SERVER_REDIS_URL!,
      REDIS_KEY_PREFIX: uniqueName('kill'),
      EMBEDDING_PROVIDER: 'offline',
      // Small chunks and one text per embedding call make the embedding stage long enough to be caught in.
      CHUNK_CHILD_TOKENS: '40',
      CHUNK_CHILD_OVERLAP_TOKENS: '5',
      CHUNK_PARENT_TOKENS: '200',
      EMBEDDING_BATCH_SIZE: '1',
      JOB_BACKOFF_MS: '100',
      // A dead worker's job is taken over within seconds instead of half a minute.
      JOB_LOCK_MS: '4000',
    };
  });

  afterAll(async () => {
    for (const p of procs) p.proc.kill('SIGKILL');
    await db?.drop();
    await data?.cleanup();
  });

  it('is recovered by another worker, and the document ends ready with one copy of its chunks', async () => {
    const api = await spawnBuiltApp('apps/api/src/main.js', env);
    procs.push(api);
    const first = await spawnBuiltApp('apps/worker/src/main.js', env);
    procs.push(first);
    const client = new DocumentsClient(api.url, await registerAccount(api.url));

    const sections = Array.from({ length: 300 }, (_, i): [string, string] => [
      `Part ${i + 1}`,
      prose(`part${i + 1}`, 25),
    ]);
    const up = await client.upload([{ name: 'long.md', bytes: markdownDoc(sections) }]);
    expect(up.status).toBe(202);

    // Wait until the worker is past parsing and chunking (embedding, or writing the chunks), then kill it.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const { body } = await client.get(`/documents/${up.body.id}`);
      if (body.status === 'embedding' || body.status === 'indexing') break;
      if (body.status === 'ready' || body.status === 'failed' || Date.now() > deadline) {
        throw new Error(`never caught the worker mid-document: ${JSON.stringify(body)}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    first.proc.kill('SIGKILL');
    await first.exited;

    const pg = new Client({ connectionString: db.url });
    await pg.connect();
    try {
      const { rows: midway } = await pg.query(`SELECT count(*)::int AS n FROM chunks WHERE document_id = $1`, [
        up.body.id,
      ]);
      expect(midway[0].n).toBe(0);

      const second = await spawnBuiltApp('apps/worker/src/main.js', env);
      procs.push(second);
      const doc = await client.settled(up.body.id, 90_000);
      expect(doc.status).toBe('ready');

      const { rows } = await pg.query(
        `SELECT count(*)::int AS n, count(DISTINCT index)::int AS distinct_index FROM chunks WHERE document_id = $1`,
        [up.body.id],
      );
      expect(rows[0].n).toBe(doc.chunkCount);
      expect(rows[0].distinct_index).toBe(doc.chunkCount);
      expect(doc.chunkCount).toBeGreaterThan(1000);
    } finally {
      await pg.end();
    }
  }, 150_000);
});
