import { EmbeddingService, OFFLINE_EMBEDDER_ID } from '@docqa/embeddings';
import { BenchApp } from './bench-app';
import {
  BulkLoader,
  IndexBuild,
  LoadDocument,
  BULK_PATH,
  BULK_TABLES,
  buildIndexes,
  dropSecondaryIndexes,
  hnswIndexDefinition,
} from './bulk-load';
import { SqlFloors } from './floors';
import { Latency, Probe, measureLatency } from './latency';
import { SEARCH_MODES, type SearchAdapter, type SearchMode } from './search-adapter';
import { SyntheticCorpus } from './synthetic-corpus';
import { compactVectorLiteral } from './vector-literal';

export interface LatencyOptions {
  sizes: number[];
  queries: number;
  warmup: number;
  /** PostgreSQL's maintenance_work_mem for the index builds. */
  maintenanceWorkMem: string;
  log: (line: string) => void;
}

export interface SizeResult {
  chunks: number;
  documents: number;
  load: { path: string; insertSeconds: number; indexes: IndexBuild[]; statsSeconds?: number; statsPath?: string };
  /** Indexes the floors' plans use (checked with EXPLAIN). */
  floorPlans: { hnsw: string[]; fullText: string[] };
  latency: Record<string, Latency>;
  /** Mean milliseconds per step, as `SearchResponse.timings` reports them, per search mode. */
  serviceSteps: Partial<Record<SearchMode, Record<string, number>>>;
  /** How the service ran each leg (`SearchResponse.plan`), with how many queries ran that way. */
  servicePlans: Partial<Record<SearchMode, Record<string, number>>>;
  /** Service p95 / floor p95, per search mode. */
  ratios: Partial<Record<SearchMode, { floor: string; p95Ratio: number; p50Ratio: number }>>;
}

const DIMENSION = 384;
const DOCS_PER_TRANSACTION = 100;

/** The floor each search mode is held against. */
export const FLOOR_OF: Record<SearchMode, string> = {
  keyword: 'floor: ranked full-text',
  vector: 'floor: HNSW',
  hybrid: 'floor: both at once',
};

/**
 * Search latency on synthetic corpora of growing size in one database: load up to the next size (bulk, with
 * the search indexes dropped and rebuilt), then time the service's keyword, vector and hybrid searches next
 * to the raw SQL floors, interleaved, on queries the service has not seen.
 */
export async function runLatency(
  bench: BenchApp,
  search: SearchAdapter | undefined,
  options: LatencyOptions,
): Promise<SizeResult[]> {
  const { log } = options;
  const sizes = [...options.sizes].sort((a, b) => a - b);
  const largest = new SyntheticCorpus(sizes[sizes.length - 1]);
  const embeddings = bench.app.get(EmbeddingService);
  const loader = new BulkLoader(bench.dataSource);
  const workspaceId = await loader.workspace('bench:retrieval latency');
  const collectionId = await loader.collection(workspaceId, 'synthetic', OFFLINE_EMBEDDER_ID, DIMENSION);
  const target = { workspaceId, collectionId, embedderId: OFFLINE_EMBEDDER_ID, dimension: DIMENSION };
  const floors = new SqlFloors(bench.dataSource, DIMENSION);
  const results: SizeResult[] = [];
  let loadedChunks = 0;

  for (const size of sizes) {
    const corpus = new SyntheticCorpus(size);
    log(
      `  ${bench.mode}, ${size.toLocaleString('en')} chunks (${corpus.documentCount.toLocaleString('en')} documents):`,
    );
    const dropped = await dropSecondaryIndexes(bench.dataSource, BULK_TABLES);
    const t0 = performance.now();
    // Whole documents: the chunk count is a multiple of chunksPerDocument for the sizes measured.
    const firstDoc = Math.ceil(loadedChunks / corpus.chunksPerDocument);
    for (let d = firstDoc; d < corpus.documentCount; d += DOCS_PER_TRANSACTION) {
      const end = Math.min(corpus.documentCount, d + DOCS_PER_TRANSACTION);
      const from = d * corpus.chunksPerDocument;
      const to = Math.min(size, end * corpus.chunksPerDocument);
      const chunks = Array.from({ length: to - from }, (_, k) => largest.chunk(from + k));
      const vectors = await embeddings.embedDocuments(
        OFFLINE_EMBEDDER_ID,
        chunks.map((c) => `${largest.title(c.documentIndex)}\n\n${c.text}`),
      );
      const docs = new Map<number, LoadDocument>();
      chunks.forEach((c, i) => {
        let doc = docs.get(c.documentIndex);
        if (!doc) {
          doc = {
            title: largest.title(c.documentIndex),
            filename: `synthetic-${c.documentIndex}.txt`,
            metadata: { synthetic: c.documentIndex },
            chunks: [],
          };
          docs.set(c.documentIndex, doc);
        }
        doc.chunks.push({ text: c.text, tokenCount: Math.round(c.words * 1.3), vector: vectors[i] });
      });
      await loader.documents(target, [...docs.values()]);
    }
    const insertSeconds = (performance.now() - t0) / 1000;
    loadedChunks = size;
    log(`    inserted in ${insertSeconds.toFixed(1)} s; building indexes ...`);
    const indexes = await buildIndexes(
      bench.dataSource,
      [...dropped, hnswIndexDefinition(DIMENSION)],
      options.maintenanceWorkMem,
    );
    log(`    ${indexes.map((i) => `${i.name} ${i.seconds.toFixed(1)} s`).join(', ')}`);
    let statsSeconds: number | undefined;
    let statsPath: string | undefined;
    if (search) {
      const t1 = performance.now();
      statsPath = await search.refreshStatistics();
      statsSeconds = (performance.now() - t1) / 1000;
      log(`    BM25 statistics: ${statsPath}, ${statsSeconds.toFixed(1)} s`);
    }

    const queries = corpus.queries(options.warmup + options.queries);
    const vectors = await Promise.all(queries.map((q) => embeddings.embedQuery(OFFLINE_EMBEDDER_ID, q.text)));
    const literals = vectors.map((v) => compactVectorLiteral(v));
    const floorPlans = await floors.plans(queries[0].text, literals[0]);
    const probes: Probe[] = [
      { name: FLOOR_OF.keyword, run: (i) => floors.fullText(queries[i].text) },
      { name: FLOOR_OF.vector, run: (i) => floors.hnsw(literals[i]) },
      { name: FLOOR_OF.hybrid, run: (i) => floors.both(queries[i].text, literals[i]) },
    ];
    // The service's own account of where its time went, summed over the counted queries.
    const steps: Partial<Record<SearchMode, Record<string, number>>> = {};
    const plans: Partial<Record<SearchMode, Record<string, number>>> = {};
    if (search) {
      for (const mode of SEARCH_MODES) {
        probes.push({
          name: `DocQA ${mode}`,
          run: async (i) => {
            // Hybrid runs both legs here, as its floor does, although the offline embedder's collections
            // would leave it to the keyword leg alone.
            const outcome = await search.search(workspaceId, mode, queries[i].text, 10, { bothLegs: true });
            if (i < options.warmup) return;
            const sums = (steps[mode] ??= {});
            for (const [step, ms] of Object.entries(outcome.timings)) sums[step] = (sums[step] ?? 0) + ms;
            const seen = (plans[mode] ??= {});
            const plan = JSON.stringify(outcome.plan);
            seen[plan] = (seen[plan] ?? 0) + 1;
          },
        });
      }
    }
    log(`    timing ${options.queries} queries (after ${options.warmup} warm-up) through ${probes.length} paths ...`);
    const latency = Object.fromEntries(await measureLatency(probes, options.queries, options.warmup));
    const ratios: SizeResult['ratios'] = {};
    const serviceSteps: SizeResult['serviceSteps'] = {};
    if (search) {
      for (const mode of SEARCH_MODES) {
        serviceSteps[mode] = Object.fromEntries(
          Object.entries(steps[mode] ?? {}).map(([step, ms]) => [step, ms / options.queries]),
        );
        const own = latency[`DocQA ${mode}`];
        const floor = latency[FLOOR_OF[mode]];
        ratios[mode] = { floor: FLOOR_OF[mode], p95Ratio: own.p95 / floor.p95, p50Ratio: own.p50 / floor.p50 };
      }
    }
    results.push({
      chunks: size,
      documents: corpus.documentCount,
      load: {
        path: BULK_PATH,
        insertSeconds,
        indexes,
        statsSeconds,
        statsPath,
      },
      floorPlans,
      latency,
      ratios,
      serviceSteps,
      servicePlans: plans,
    });
  }
  return results;
}
