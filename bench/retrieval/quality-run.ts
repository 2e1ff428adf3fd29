import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEFAULT_COHERE_MODEL,
  DEFAULT_LOCAL_MODEL,
  DEFAULT_OPENAI_MODEL,
  EmbeddingService,
  OFFLINE_EMBEDDER_ID,
} from '@docqa/embeddings';
import { BenchApp } from './bench-app';
import {
  BULK_PATH,
  BULK_TABLES,
  BulkLoader,
  IndexBuild,
  buildIndexes,
  dropSecondaryIndexes,
  hnswIndexDefinition,
} from './bulk-load';
import { RunScores, scoreRun } from './metrics';
import { Scifact, passageOf } from './scifact';
import { SEARCH_MODES, SearchAdapter, SearchMode } from './search-adapter';

export interface EmbedderChoice {
  id: string;
  /** Why it is left out, when it is. */
  skipped?: string;
}

/**
 * The embedders SciFact is run with: the offline one always; the local model when its files are in
 * MODELS_DIR; hosted ones only when their key is set (they cost money and need the network).
 */
export function embedderChoices(modelsDir: string, keys: { openai: boolean; cohere: boolean }): EmbedderChoice[] {
  const local = `local:${DEFAULT_LOCAL_MODEL}`;
  return [
    { id: OFFLINE_EMBEDDER_ID },
    existsSync(join(modelsDir, DEFAULT_LOCAL_MODEL, 'config.json'))
      ? { id: local }
      : { id: local, skipped: `its files are not in MODELS_DIR (${DEFAULT_LOCAL_MODEL}/config.json)` },
    keys.openai
      ? { id: `openai:${DEFAULT_OPENAI_MODEL}` }
      : { id: `openai:${DEFAULT_OPENAI_MODEL}`, skipped: 'OPENAI_API_KEY is not set' },
    keys.cohere
      ? { id: `cohere:${DEFAULT_COHERE_MODEL}` }
      : { id: `cohere:${DEFAULT_COHERE_MODEL}`, skipped: 'CO_API_KEY is not set' },
  ];
}

export interface EmbedderQuality {
  embedder: string;
  dimension?: number;
  skipped?: string;
  embedSeconds?: number;
  insertSeconds?: number;
  indexes?: IndexBuild[];
  statistics?: string;
  scores?: Partial<Record<SearchMode, RunScores>>;
}

export interface QualityResult {
  mode: string;
  documents: number;
  queries: number;
  load: string;
  search: string;
  embedders: EmbedderQuality[];
}

const DOCS_PER_TRANSACTION = 500;

/**
 * SciFact through DocQA's search: every abstract (title + text) as one document of one chunk, then the 300
 * test queries through keyword, vector and hybrid search, the top 100 mapped back to SciFact ids through the
 * document metadata. One embedder at a time, each in a workspace of its own that is deleted before the next
 * is loaded: collections of the same dimension share one HNSW index, and another corpus in it would change
 * what the vector search finds.
 */
export async function runQuality(
  bench: BenchApp,
  search: SearchAdapter,
  data: Scifact,
  choices: EmbedderChoice[],
  log: (line: string) => void,
): Promise<QualityResult> {
  const embeddings = bench.app.get(EmbeddingService);
  const loader = new BulkLoader(bench.dataSource, 1);
  const passages = data.corpus.map(passageOf);
  const results: EmbedderQuality[] = [];

  for (const choice of choices) {
    if (choice.skipped) {
      results.push({ embedder: choice.id, skipped: choice.skipped });
      continue;
    }
    let embedder;
    try {
      embedder = await embeddings.embedder(choice.id);
    } catch (err) {
      results.push({ embedder: choice.id, skipped: `cannot be loaded: ${(err as Error).message}` });
      continue;
    }
    log(`  ${choice.id}: embedding ${passages.length} abstracts ...`);
    const t0 = performance.now();
    const vectors = await embeddings.embedDocuments(choice.id, passages);
    const embedSeconds = (performance.now() - t0) / 1000;

    const dropped = await dropSecondaryIndexes(bench.dataSource, BULK_TABLES);
    const workspaceId = await loader.workspace(`bench:retrieval scifact ${choice.id}`);
    const collectionId = await loader.collection(workspaceId, 'scifact', choice.id, embedder.dimension);
    const t1 = performance.now();
    for (let start = 0; start < data.corpus.length; start += DOCS_PER_TRANSACTION) {
      const docs = data.corpus.slice(start, start + DOCS_PER_TRANSACTION);
      await loader.documents(
        { workspaceId, collectionId, embedderId: choice.id, dimension: embedder.dimension },
        docs.map((d, i) => ({
          title: d.title,
          filename: `scifact-${d.id}.txt`,
          metadata: { scifactId: d.id },
          chunks: [
            {
              text: passages[start + i],
              tokenCount: Math.round(passages[start + i].split(/\s+/).length * 1.3),
              vector: vectors[start + i],
            },
          ],
        })),
      );
    }
    const insertSeconds = (performance.now() - t1) / 1000;
    const indexes = await buildIndexes(
      bench.dataSource,
      [...dropped, hnswIndexDefinition(embedder.dimension)],
      '256MB',
    );
    const statistics = await search.refreshStatistics();
    // Results name DocQA documents; their SciFact ids are read back from the stored metadata.
    const stored = (await bench.dataSource.query(
      `SELECT "id", "metadata"->>'scifactId' AS "scifactId" FROM "documents" WHERE "workspace_id" = $1`,
      [workspaceId],
    )) as { id: string; scifactId: string }[];
    const scifactIdOf = new Map(stored.map((d) => [d.id, d.scifactId]));
    if (new Set(scifactIdOf.values()).size !== data.corpus.length) {
      throw new Error(`SciFact load for ${choice.id}: ${stored.length} documents stored for ${data.corpus.length}`);
    }

    const scores: Partial<Record<SearchMode, RunScores>> = {};
    for (const mode of SEARCH_MODES) {
      const run = new Map<string, string[]>();
      for (const q of data.queries) {
        const { hits } = await search.search(workspaceId, mode, q.text, 100);
        run.set(
          q.id,
          hits.map((h) => scifactIdOf.get(h.documentId) ?? `unknown:${h.documentId}`),
        );
      }
      scores[mode] = scoreRun(run, data.qrels);
      log(
        `  ${choice.id} ${mode}: nDCG@10 ${scores[mode].ndcg10.toFixed(3)}, ` +
          `Recall@100 ${scores[mode].recall100.toFixed(3)}, MRR@10 ${scores[mode].mrr10.toFixed(3)}`,
      );
    }
    results.push({
      embedder: choice.id,
      dimension: embedder.dimension,
      embedSeconds,
      insertSeconds,
      indexes,
      statistics,
      scores,
    });
    // The workspace goes (its chunks leave the keyword index through the delete triggers) before the next.
    await bench.dataSource.query(`DELETE FROM "workspaces" WHERE "id" = $1`, [workspaceId]);
    await bench.dataSource.query(`VACUUM ANALYZE`);
  }
  return {
    mode: bench.mode,
    documents: data.corpus.length,
    queries: data.queries.length,
    load: `one document and one chunk per abstract (title + text), embedded through EmbeddingService; ${BULK_PATH}`,
    search: search.via,
    embedders: results,
  };
}
