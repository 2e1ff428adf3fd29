import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { Bm25Statistics, SearchService } from '@docqa/retrieval';
import { FAST_AUTH_ENV, registerAccount } from '../support/accounts';
import { startApi, type RunningApp } from '../support/http-app';
import { describeWithScifact, SCIFACT_DIR } from '../support/shared-data';
import { databaseFor, databaseModes, testConfig } from '../support/test-env';
import { BulkChunks } from './bulk-chunks';

/** BEIR's BM25 (Elasticsearch) nDCG@10 on SciFact: the keyword leg must reach it. */
const PUBLISHED_BM25_NDCG10 = 0.665;

function jsonl<T>(file: string): T[] {
  return readFileSync(join(SCIFACT_DIR, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

/** nDCG@10 as BEIR computes it (pytrec_eval's ndcg_cut_10, graded relevance). */
function ndcgAt10(ranked: string[], relevant: Map<string, number>): number {
  const dcg = ranked.slice(0, 10).reduce((s, id, i) => s + (relevant.get(id) ?? 0) / Math.log2(i + 2), 0);
  const ideal = [...relevant.values()].sort((a, b) => b - a).slice(0, 10);
  const idcg = ideal.reduce((s, g, i) => s + g / Math.log2(i + 2), 0);
  return idcg ? dcg / idcg : 0;
}

describeWithScifact('BM25 on SciFact', () => {
  describe.each(databaseModes())('%s', (mode) => {
    let db: { env: Record<string, string>; cleanup(): Promise<void> };
    let api: RunningApp;
    let workspaceId: string;
    const corpusIdOf = new Map<string, string>();

    beforeAll(async () => {
      db = await databaseFor(mode);
      api = await startApi(testConfig({ ...db.env, ...FAST_AUTH_ENV, EMBEDDING_PROVIDER: 'offline' }));
      workspaceId = (await registerAccount(api.url)).personalWorkspaceId;
      const bulk = new BulkChunks(api.app.get(DataSource));
      await bulk.dropVectorIndex();
      const collection = await bulk.collection(workspaceId, 'scifact');
      const docs = jsonl<{ _id: string; title: string; text: string }>('corpus.jsonl');
      // Title and abstract, as BEIR indexes them.
      const ids = await bulk.insert(
        workspaceId,
        collection,
        docs.map((d) => ({ name: d._id, text: `${d.title} ${d.text}` })),
        500,
      );
      ids.forEach((chunkId, i) => corpusIdOf.set(chunkId, docs[i]._id));
      await api.app.get(Bm25Statistics).compact();
    }, 300_000);
    afterAll(async () => {
      await api?.close();
      await db?.cleanup();
    });

    it(`reaches the published BM25 nDCG@10 (${PUBLISHED_BM25_NDCG10}) or better over the 300 test queries`, async () => {
      const qrels = new Map<string, Map<string, number>>();
      for (const line of readFileSync(join(SCIFACT_DIR, 'qrels', 'test.tsv'), 'utf8')
        .trim()
        .split('\n')
        .slice(1)) {
        const [query, doc, score] = line.split('\t');
        if (!qrels.has(query)) qrels.set(query, new Map());
        qrels.get(query)!.set(doc, Number(score));
      }
      const queries = jsonl<{ _id: string; text: string }>('queries.jsonl').filter((q) => qrels.has(q._id));
      expect(queries).toHaveLength(300);
      const search = api.app.get(SearchService);
      let total = 0;
      for (const q of queries) {
        const res = await search.searchWorkspace(workspaceId, {
          query: q.text,
          mode: 'keyword',
          topK: 10,
          cache: false,
        });
        total += ndcgAt10(
          res.results.map((r) => corpusIdOf.get(r.chunkId)!),
          qrels.get(q._id)!,
        );
      }
      const ndcg = total / queries.length;
      console.log(`SciFact BM25 nDCG@10 (${mode}): ${ndcg.toFixed(4)} (published BM25: ${PUBLISHED_BM25_NDCG10})`);
      expect(ndcg).toBeGreaterThanOrEqual(PUBLISHED_BM25_NDCG10);
    }, 300_000);
  });
});
