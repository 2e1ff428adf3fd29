import type { DataSource } from 'typeorm';
import { EmbeddingService, OFFLINE_EMBEDDER_ID } from '@docqa/embeddings';
import { SearchService, type SearchRequest } from '@docqa/retrieval';
import type { BenchApp } from '../../retrieval/bench-app';
import { FTS_FLOOR_SQL } from '../../retrieval/floors';
import { type Latency, type Probe, measureLatency } from '../../retrieval/latency';
import { SyntheticCorpus } from '../../retrieval/synthetic-corpus';
import { compactVectorLiteral } from '../../retrieval/vector-literal';
import { type CorpusLayout, SHARDS } from './cached-corpus';
import { summarizeRecall } from './recall';
import { denseQueries } from './dense-vectors';
import {
  CHUNKS,
  DENSE,
  FILTERED_VARIANTS,
  UNFILTERED_VARIANTS,
  exactSql,
  type ChunkFilter,
  type VectorVariant,
} from './variants';

export interface ProbeResult {
  name: string;
  what: string;
  latency: Latency;
  /** Mean recall@10 against the exact top 10, over the recall queries. */
  recall?: number;
  /** Recall queries answered with fewer than 10 rows. */
  short?: number;
  /** Indexes the plan of the first query uses (EXPLAIN), or how DocQA ran it (`plan` of its response). */
  plan?: string;
}

export interface ProbeGroup {
  name: string;
  /** Share of the chunks the group's filter keeps (1: none). */
  share: number;
  probes: ProbeResult[];
}

export interface MeasureOptions {
  queries: number;
  warmup: number;
  /** Queries (of the counted ones) whose exact top 10 is computed, for recall. */
  recallQueries: number;
  log: (line: string) => void;
}

const SHARD = 7;
const COLLECTION = 3;

/** The two filters measured: one collection of ten (10%) and one metadata shard of a hundred (1%). */
async function filtersOf(dataSource: DataSource, layout: CorpusLayout): Promise<ChunkFilter[]> {
  const rows = (await dataSource.query(
    `SELECT "id" FROM "documents" WHERE "workspace_id" = $1 AND "metadata" -> 'shard' = $2::jsonb`,
    [layout.workspaceId, JSON.stringify(SHARD)],
  )) as { id: string }[];
  return [
    {
      name: `10% (one collection of ${layout.collectionIds.length})`,
      share: 1 / layout.collectionIds.length,
      sql: (p) => `"ch"."workspace_id" = $${p} AND "ch"."collection_id" = $${p + 1}`,
      params: [layout.workspaceId, layout.collectionIds[COLLECTION]],
    },
    {
      name: `1% (metadata shard = ${SHARD} of ${SHARDS}, ${rows.length.toLocaleString('en')} documents)`,
      share: 1 / SHARDS,
      sql: (p) => `"ch"."document_id" = ANY($${p}::uuid[])`,
      params: [rows.map((r) => r.id)],
    },
  ];
}

/** DocQA's search request that matches each filter. */
function requestFor(filter: ChunkFilter | undefined, layout: CorpusLayout): Partial<SearchRequest> {
  if (!filter) return {};
  return filter.share === 1 / SHARDS
    ? { filters: { shard: SHARD } }
    : { collectionIds: [layout.collectionIds[COLLECTION]] };
}

async function planIndexes(dataSource: DataSource, sql: string, params: unknown[]): Promise<string> {
  const [row] = (await dataSource.query(`EXPLAIN (FORMAT JSON) ${sql}`, params)) as { 'QUERY PLAN': unknown }[];
  const plan = typeof row['QUERY PLAN'] === 'string' ? JSON.parse(row['QUERY PLAN']) : row['QUERY PLAN'];
  const found: string[] = [];
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if (typeof n['Index Name'] === 'string' && !found.includes(n['Index Name'])) found.push(n['Index Name']);
    for (const value of Object.values(n)) {
      if (Array.isArray(value)) value.forEach(walk);
      else if (value && typeof value === 'object') walk(value);
    }
  };
  walk(plan);
  return found.join(', ') || 'no index (scan)';
}

/**
 * Times every variant on the same queries, interleaved (see `measureLatency`), in three groups: no filter,
 * a 10% filter and a 1% filter; and scores each variant's recall@10 against the exact top 10 of the first
 * `recallQueries` counted queries.
 */
export async function measureSize(
  bench: BenchApp,
  size: number,
  layout: CorpusLayout,
  options: MeasureOptions,
): Promise<ProbeGroup[]> {
  const { dataSource } = bench;
  const corpus = new SyntheticCorpus(size);
  const total = options.warmup + options.queries;
  const queries = corpus.queries(total);
  const embeddings = bench.app.get(EmbeddingService);
  const search = bench.app.get(SearchService, { strict: false });
  const literals = await Promise.all(
    queries.map(async (q) => compactVectorLiteral(await embeddings.embedQuery(OFFLINE_EMBEDDER_ID, q.text))),
  );
  const recallSet = Array.from(
    { length: Math.min(options.recallQueries, options.queries) },
    (_, i) => options.warmup + i,
  );
  const filters = await filtersOf(dataSource, layout);
  const groups: ProbeGroup[] = [];

  for (const filter of [undefined, ...filters]) {
    const groupName = filter ? `filtered ${filter.name}` : 'no filter';
    const params = (i: number) => [literals[i], ...(filter?.params ?? [])];
    options.log(`    ${groupName}: exact top 10 of ${recallSet.length} queries ...`);
    const exact = new Map<number, string[]>();
    for (const i of recallSet) {
      const rows = (await dataSource.query(exactSql(CHUNKS, filter), params(i))) as { id: string }[];
      exact.set(
        i,
        rows.map((r) => r.id),
      );
    }
    const variants: VectorVariant[] = filter ? FILTERED_VARIANTS : UNFILTERED_VARIANTS;
    const answers = new Map<string, Map<number, string[]>>();
    const record = (name: string, i: number, ids: string[]) => {
      if (!exact.has(i)) return;
      const m = answers.get(name) ?? new Map<number, string[]>();
      m.set(i, ids);
      answers.set(name, m);
    };
    const probes: Probe[] = variants.map((v) => {
      const sql = v.sql(CHUNKS, filter);
      return {
        name: v.name,
        run: async (i: number) => {
          const rows = (await dataSource.query(sql, params(i))) as { id: string }[];
          record(
            v.name,
            i,
            rows.map((r) => r.id),
          );
        },
      };
    });
    const docqaPlans = new Map<string, Map<string, number>>();
    const modes = filter ? (['vector'] as const) : (['vector', 'keyword', 'hybrid'] as const);
    for (const mode of modes) {
      const name = `DocQA ${mode}`;
      probes.push({
        name,
        run: async (i: number) => {
          const response = await search.searchWorkspace(layout.workspaceId, {
            query: queries[i].text,
            topK: 10,
            mode,
            cache: false,
            rerank: false,
            ...requestFor(filter, layout),
          });
          if (mode === 'vector')
            record(
              name,
              i,
              response.results.map((r) => r.chunkId),
            );
          if (i < options.warmup) return;
          const plans = docqaPlans.get(name) ?? new Map<string, number>();
          const plan = JSON.stringify(mode === 'vector' ? response.plan.vector : response.plan);
          plans.set(plan, (plans.get(plan) ?? 0) + 1);
          docqaPlans.set(name, plans);
        },
      });
    }
    if (!filter) {
      probes.push({
        name: 'floor: ranked full-text',
        run: (i: number) => dataSource.query(FTS_FLOOR_SQL, [queries[i].text]),
      });
    }
    options.log(
      `    ${groupName}: timing ${options.queries} queries (after ${options.warmup} warm-up) through ${probes.length} paths ...`,
    );
    const latency = await measureLatency(probes, options.queries, options.warmup);
    const results: ProbeResult[] = [];
    for (const probe of probes) {
      const variant = variants.find((v) => v.name === probe.name);
      const recall = answers.get(probe.name) ? summarizeRecall(10, answers.get(probe.name)!, exact) : undefined;
      let plan: string | undefined;
      if (variant) plan = await planIndexes(dataSource, variant.sql(CHUNKS, filter), params(options.warmup));
      else if (docqaPlans.has(probe.name)) {
        plan = [...docqaPlans.get(probe.name)!].map(([p, n]) => `${p} x${n}`).join('; ');
      }
      results.push({
        name: probe.name,
        what:
          variant?.what ??
          (probe.name.startsWith('DocQA')
            ? 'SearchService.searchWorkspace, in-process (cache off, rerank off)'
            : 'ts_rank top 10 over the GIN index'),
        latency: latency.get(probe.name)!,
        recall: recall?.recall,
        short: recall?.short,
        plan,
      });
    }
    groups.push({ name: groupName, share: filter?.share ?? 1, probes: results });
  }
  return groups;
}

/**
 * The unfiltered variants on the dense vectors (dense-vectors.ts): what quantization and ef_search cost and
 * keep of recall on vectors shaped like a real model's.
 */
export async function measureDense(dataSource: DataSource, options: MeasureOptions): Promise<ProbeGroup> {
  const literals = await denseQueries(dataSource, options.warmup + options.queries);
  const recallSet = Array.from(
    { length: Math.min(options.recallQueries, options.queries) },
    (_, i) => options.warmup + i,
  );
  options.log(`    dense vectors: exact top 10 of ${recallSet.length} queries ...`);
  const exact = new Map<number, string[]>();
  for (const i of recallSet) {
    const rows = (await dataSource.query(exactSql(DENSE), [literals[i]])) as { id: number }[];
    exact.set(
      i,
      rows.map((r) => String(r.id)),
    );
  }
  const answers = new Map<string, Map<number, string[]>>();
  const probes: Probe[] = UNFILTERED_VARIANTS.map((v) => {
    const sql = v.sql(DENSE);
    const got = new Map<number, string[]>();
    answers.set(v.name, got);
    return {
      name: v.name,
      run: async (i: number) => {
        const rows = (await dataSource.query(sql, [literals[i]])) as { id: number }[];
        if (exact.has(i))
          got.set(
            i,
            rows.map((r) => String(r.id)),
          );
      },
    };
  });
  options.log(`    dense vectors: timing ${options.queries} queries through ${probes.length} paths ...`);
  const latency = await measureLatency(probes, options.queries, options.warmup);
  const results: ProbeResult[] = [];
  for (const v of UNFILTERED_VARIANTS) {
    const recall = summarizeRecall(10, answers.get(v.name)!, exact);
    results.push({
      name: v.name,
      what: v.what,
      latency: latency.get(v.name)!,
      recall: recall.recall,
      short: recall.short,
      plan: await planIndexes(dataSource, v.sql(DENSE), [literals[options.warmup]]),
    });
  }
  return { name: 'dense vectors (model-like), no filter', share: 1, probes: results };
}
