import { FAST_AUTH_ENV, registerAccount } from '../support/accounts';
import { markdownDoc } from '../support/document-fixtures';
import { startApi, type RunningApp } from '../support/http-app';
import { databaseFor, databaseModes, testConfig } from '../support/test-env';
import type { ApiJson } from '../documents/documents-client';
import { FakeRerankServer } from './fake-rerank-server';
import { SearchClient } from './search-client';

const RERANK_TIMEOUT_MS = 400;

/** Cohere rerank through the real SDK against a fake Cohere over HTTP: it reorders, and its failures never fail a search. */
describe.each(databaseModes())('search with Cohere rerank (%s)', (mode) => {
  let db: { env: Record<string, string>; cleanup(): Promise<void> };
  let api: RunningApp;
  let cohere: FakeRerankServer;
  let client: SearchClient;

  beforeAll(async () => {
    // The fake ranks by how often a passage says "bananas".
    cohere = await new FakeRerankServer('bananas').start();
    db = await databaseFor(mode);
    api = await startApi(
      testConfig({
        ...db.env,
        ...FAST_AUTH_ENV,
        EMBEDDING_PROVIDER: 'offline',
        RERANK_PROVIDER: 'cohere',
        CO_API_KEY: 'co-test-key-0123456789',
        CO_API_URL: cohere.baseUrl,
        RERANK_TIMEOUT_MS: String(RERANK_TIMEOUT_MS),
        RERANK_TOP_N: '3',
        CHUNK_CHILD_TOKENS: '40',
        CHUNK_CHILD_OVERLAP_TOKENS: '5',
        CHUNK_PARENT_TOKENS: '120',
      }),
    );
    client = new SearchClient(api.url, await registerAccount(api.url));
    const fruit = (name: string, text: string) => client.ingest(name, markdownDoc([['Fruit', text]]));
    await fruit('apples.md', 'Fruit prices: apples cost more in the fruit market this fruit season.');
    await fruit('pears.md', 'Fruit prices: pears cost less at the market, bananas too.');
    await fruit('bananas.md', 'Fruit prices: bananas, bananas and more bananas at the market.');
    await fruit('plums.md', 'Plums are out of season.');
  });
  afterAll(async () => {
    await api?.close();
    await db?.cleanup();
    await cohere?.close();
  });

  const query = { query: 'fruit prices market', mode: 'keyword', topK: 4 };

  it('reorders the fused top N by the reranker, keeping fused scores and ranks', async () => {
    const fused = await client.search({ ...query, rerank: false });
    expect(fused.body.rerank).toEqual({ provider: 'cohere', outcome: 'not_requested' });
    const res = await client.search(query);
    expect(res.status).toBe(200);
    expect(res.body.rerank).toEqual({ provider: 'cohere', outcome: 'ok' });
    const request = cohere.requests.at(-1)!;
    expect(request.path).toBe('/v2/rerank');
    expect(request.authorization).toBe('Bearer co-test-key-0123456789');
    expect(request.body).toMatchObject({ model: 'rerank-v3.5', query: 'fruit prices market' });
    expect(request.body.documents).toEqual(fused.body.results.slice(0, 3).map((r: ApiJson) => r.text));
    const top3 = res.body.results.slice(0, 3);
    expect(top3[0].text).toContain('bananas, bananas');
    expect(top3.map((r: ApiJson) => r.rerank.rank)).toEqual([1, 2, 3]);
    expect(new Set(top3.map((r: ApiJson) => r.chunkId))).toEqual(
      new Set(fused.body.results.slice(0, 3).map((r: ApiJson) => r.chunkId)),
    );
    // Past the top N, the fused order goes on.
    expect(res.body.results.slice(3)).toEqual(
      fused.body.results.slice(3).map((r: ApiJson, i: number) => ({ ...r, rank: 4 + i })),
    );
    for (const r of res.body.results) {
      const before = fused.body.results.find((f: ApiJson) => f.chunkId === r.chunkId);
      expect(r.score).toBe(before.score);
      expect(r.keyword).toEqual(before.keyword);
    }
  });

  it('returns the fused order when the reranker does not answer in time', async () => {
    const fused = await client.search({ ...query, rerank: false });
    cohere.answerNext({ kind: 'hang' });
    const started = Date.now();
    const res = await client.search(query);
    const took = Date.now() - started;
    expect(res.status).toBe(200);
    expect(res.body.rerank).toEqual({ provider: 'cohere', outcome: 'timeout' });
    expect(res.body.results.map((r: ApiJson) => r.chunkId)).toEqual(fused.body.results.map((r: ApiJson) => r.chunkId));
    expect(res.body.results.every((r: ApiJson) => r.rerank === undefined)).toBe(true);
    expect(res.body.timings.rerankMs).toBeGreaterThanOrEqual(RERANK_TIMEOUT_MS - 5);
    expect(took).toBeLessThan(RERANK_TIMEOUT_MS + 5_000);
  });

  it('returns the fused order when the reranker fails', async () => {
    const fused = await client.search({ ...query, rerank: false });
    cohere.answerNext({ kind: 'status', status: 500 });
    const res = await client.search(query);
    expect(res.status).toBe(200);
    expect(res.body.rerank).toEqual({ provider: 'cohere', outcome: 'error' });
    expect(res.body.results.map((r: ApiJson) => r.chunkId)).toEqual(fused.body.results.map((r: ApiJson) => r.chunkId));
  });

  it('counts reranks by outcome in /metrics', async () => {
    const metrics = await (await fetch(`${api.url}/metrics`)).text();
    expect(metrics).toMatch(/retrieval_rerank_total\{provider="cohere",outcome="timeout"\} [1-9]/);
    expect(metrics).toMatch(/retrieval_duration_seconds_count\{leg="keyword"\} [1-9]/);
    expect(metrics).toMatch(/retrieval_results_count\{mode="keyword"\} [1-9]/);
  });
});
