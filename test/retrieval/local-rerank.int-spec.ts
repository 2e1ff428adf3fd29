import { FAST_AUTH_ENV, registerAccount } from '../support/accounts';
import { markdownDoc } from '../support/document-fixtures';
import { startApi, type RunningApp } from '../support/http-app';
import { databaseFor, databaseModes, tempDataDir, testConfig, type TempDir } from '../support/test-env';
import type { ApiJson } from '../documents/documents-client';
import { SearchClient } from './search-client';
import { writeTinyCrossEncoder } from './tiny-cross-encoder';

/** A local cross-encoder (transformers.js, from MODELS_DIR) reorders results in its own thread. */
describe.each(databaseModes())('search with a local cross-encoder (%s)', (mode) => {
  let db: { env: Record<string, string>; cleanup(): Promise<void> };
  let models: TempDir;
  let api: RunningApp;
  let client: SearchClient;

  beforeAll(async () => {
    models = await tempDataDir();
    const model = await writeTinyCrossEncoder(models.dir);
    db = await databaseFor(mode);
    api = await startApi(
      testConfig({
        ...db.env,
        ...FAST_AUTH_ENV,
        EMBEDDING_PROVIDER: 'offline',
        MODELS_DIR: models.dir,
        RERANK_PROVIDER: 'local',
        RERANK_MODEL: model,
        RERANK_TIMEOUT_MS: '20000',
      }),
    );
    client = new SearchClient(api.url, await registerAccount(api.url));
    await client.ingest('a.md', markdownDoc([['Market', 'The market opens early on weekdays and late on sundays.']]));
    await client.ingest('b.md', markdownDoc([['Market', 'A market box of mixed fruit, taxed at six percent.']]));
    await client.ingest('c.md', markdownDoc([['Market', 'The xerox market: xylophones, xenon lamps, boxes.']]));
  });
  afterAll(async () => {
    await api?.close();
    await db?.cleanup();
    await models?.cleanup();
  });

  it('orders the results by the model', async () => {
    const res = await client.search({ query: 'market', mode: 'keyword' });
    expect(res.status).toBe(200);
    expect(res.body.rerank).toEqual({ provider: 'local', outcome: 'ok' });
    // The tiny model scores a passage by its letters x: c (5), b (4), a (0).
    const texts = res.body.results.map((r: ApiJson) => r.text);
    expect(texts[0]).toContain('xerox');
    expect(texts[1]).toContain('taxed');
    expect(texts[2]).toContain('weekdays');
    expect(res.body.results.map((r: ApiJson) => r.rerank.score)).toEqual([5, 4, 0]);
  });
});
