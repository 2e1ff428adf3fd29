import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from '../bench-process';
import { saveResults } from '../results';
import { BenchApp } from '../retrieval/bench-app';
import {
  CORPUS_VERSION,
  databaseNameFor,
  dropDatabase,
  ensureCorpus,
  ensureDatabase,
  readMarker,
  writeMarker,
} from './growth/cached-corpus';
import { DENSE_VERSION, ensureDense, type DenseBuild } from './growth/dense-vectors';
import { storageSizes } from './growth/index-sizes';
import { measureDense, measureSize } from './growth/measure';
import { type SizeResult, growthMarkdown, growthSummary, printGrowth } from './growth/report';
import { CHUNKS, DENSE, DENSE_HNSW_INDEX } from './growth/variants';

/**
 * bench:scale: how search latency and index size grow with the corpus, in server mode, at 10k, 100k and
 * (when asked) 1M chunks of the retrieval benchmark's synthetic corpus; and which vector search settings keep
 * p95 flat: ef_search, iterative scans on filtered queries, halfvec and binary-quantized HNSW indexes, the
 * last also on as many dense, model-like vectors (dense-vectors.ts; --no-dense skips them).
 *
 *   npm run bench:scale [-- --sizes 10000,100000,1000000] [--queries 200] [--warmup 20] [--recall-queries 50]
 *     [--rebuild] [--drop] [--no-dense] [--maintenance-work-mem 2GB]
 *
 * SCALE_SIZES sets the sizes too (the flag wins). Each size's corpus lives in its own database on the server
 * (`<SCALE_DB_PREFIX>_<size>`, default docqa_bench_scale_<size>), built once and kept: a million chunks take
 * most of an hour to load and index on two cores. --rebuild builds them again; --drop deletes them and exits.
 */
const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: process.env.SCALE_SIZES || '10000,100000' },
    queries: { type: 'string', default: '200' },
    warmup: { type: 'string', default: '20' },
    'recall-queries': { type: 'string', default: '50' },
    'maintenance-work-mem': { type: 'string' },
    'no-dense': { type: 'boolean', default: false },
    rebuild: { type: 'boolean', default: false },
    drop: { type: 'boolean', default: false },
  },
});

const databaseUrl = process.env.DATABASE_URL || undefined;
const redisUrl = process.env.REDIS_URL || undefined;
const prefix = process.env.SCALE_DB_PREFIX || 'docqa_bench_scale';
const modelsDir =
  process.env.MODELS_DIR || join(process.env.DATA_DIR ? process.env.DATA_DIR : join(ROOT, 'data'), 'models');

/** Enough for the HNSW graph of the largest index to be built in memory (about 3 KB a chunk at 384 dimensions). */
function maintenanceWorkMem(chunks: number): string {
  if (values['maintenance-work-mem']) return values['maintenance-work-mem'];
  const wanted = Math.ceil((chunks * 3 * 1024) / 2 ** 20);
  const cap = Math.floor((totalmem() / 2 ** 20) * 0.25);
  return `${Math.max(256, Math.min(wanted, cap))}MB`;
}

async function main(): Promise<void> {
  const sizes = values.sizes
    .split(',')
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isInteger(n) && n >= 1000)
    .sort((a, b) => a - b);
  if (!databaseUrl || !redisUrl) {
    console.log('bench:scale runs in server mode only: set DATABASE_URL and REDIS_URL. Nothing measured.');
    process.exitCode = 1;
    return;
  }
  if (values.drop) {
    for (const size of sizes) {
      await dropDatabase(databaseUrl, databaseNameFor(prefix, size));
      console.log(`dropped ${databaseNameFor(prefix, size)}`);
    }
    return;
  }
  const started = performance.now();
  const notes: string[] = [];
  const load = loadavg()[0];
  if (load > cpus().length / 2)
    notes.push(`load average ${load.toFixed(1)} on ${cpus().length} cores: other work skews latencies`);
  for (const n of notes) console.log(`note: ${n}`);

  const results: SizeResult[] = [];
  for (const size of sizes) {
    const name = databaseNameFor(prefix, size);
    if (values.rebuild) await dropDatabase(databaseUrl, name);
    const db = await ensureDatabase(databaseUrl, name);
    console.log(`\n${size.toLocaleString('en')} chunks in database ${name}${db.created ? ' (new)' : ''}:`);
    const bench = await BenchApp.start({ mode: 'server', databaseUrl, redisUrl, modelsDir, databaseUrlAsIs: db.url });
    try {
      const { build, layout, reused } = await ensureCorpus(bench, size, {
        maintenanceWorkMem: maintenanceWorkMem(size),
        log: (line) => console.log(line),
      });
      console.log(
        reused
          ? `    reusing the corpus built ${build.builtAt}`
          : `    built: ${build.indexes.map((i) => `${i.name} ${i.seconds.toFixed(1)} s`).join(', ')}`,
      );
      const groups = await measureSize(bench, size, layout, {
        queries: Number(values.queries) || 200,
        warmup: Number(values.warmup) || 0,
        recallQueries: Number(values['recall-queries']) || 0,
        log: (line) => console.log(line),
      });
      let dense: SizeResult['dense'];
      if (!values['no-dense']) {
        const previous = await readMarker<DenseBuild>(bench.dataSource, 2);
        const made = await ensureDense(bench.dataSource, size, maintenanceWorkMem(size), previous, (l) =>
          console.log(l),
        );
        if (!made.reused) await writeMarker(bench.dataSource, made.build, 2);
        groups.push(
          await measureDense(bench.dataSource, {
            queries: Number(values.queries) || 200,
            warmup: Number(values.warmup) || 0,
            recallQueries: Number(values['recall-queries']) || 0,
            log: (line) => console.log(line),
          }),
        );
        dense = {
          rows: size,
          reused: made.reused,
          insertSeconds: made.build.insertSeconds,
          indexes: made.build.indexes,
        };
      }
      results.push({
        chunks: size,
        dense,
        documents: build.documents,
        database: name,
        reused,
        builtAt: build.builtAt,
        insertSeconds: build.insertSeconds,
        indexes: build.indexes,
        storage: await storageSizes(bench.dataSource),
        groups,
      });
    } catch (err) {
      if (err instanceof Error) err.message += `\n--- DocQA log (tail) ---\n${bench.logs()}`;
      throw err;
    } finally {
      await bench.stop();
    }
  }

  const measured = results.length;
  results.push(...earlierSizes(results));
  results.sort((a, b) => a.chunks - b.chunks);
  if (results.length > measured) {
    const carried = results.filter((r) => r.measuredAt).map((r) => r.chunks.toLocaleString('en'));
    notes.push(`${carried.join(', ')} chunks carried over from an earlier run of the same corpus version`);
  }
  printGrowth(results);
  const summary = growthSummary(results);
  console.log('\nTargets');
  for (const r of summary) {
    const verdict = r.pass === undefined ? '' : r.pass ? ' PASS' : ' MISS';
    console.log(
      `  ${r.figure}: ${r.value}${r.baseline ? ` vs ${r.baseline}` : ''}${r.ratio ? ` = ${r.ratio}` : ''} (target ${r.target})${verdict}`,
    );
  }
  const seconds = (performance.now() - started) / 1000;
  const file = saveResults('scale', {
    command: `npm run bench:scale${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    corpus: CORPUS_VERSION,
    variantIndexes: [
      CHUNKS.indexes.halfvec,
      CHUNKS.indexes.bits,
      DENSE_HNSW_INDEX,
      DENSE.indexes.halfvec,
      DENSE.indexes.bits,
    ].map((i) => i.definition),
    dense: DENSE_VERSION,
    notes,
    loadAverage: { before: load, after: loadavg()[0] },
    seconds,
    summary,
    sizes: results,
    markdown: growthMarkdown(results),
  });
  console.log(`  run time ${(seconds / 60).toFixed(1)} min; results: ${file.slice(file.indexOf('bench/'))}`);
  if (summary.some((r) => r.pass === false)) process.exitCode = 1;
}

/**
 * Sizes the last saved run measured and this one did not, on the same corpus version: a run asked for 1M
 * alone (most of an hour) keeps the 10k and 100k figures beside it, so the growth analysis still spans them.
 */
function earlierSizes(now: SizeResult[]): SizeResult[] {
  const file = join(ROOT, 'bench', 'results', 'scale.json');
  if (!existsSync(file)) return [];
  try {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as {
      corpus?: string;
      measuredAt?: string;
      sizes?: SizeResult[];
    };
    if (saved.corpus !== CORPUS_VERSION) return [];
    return (saved.sizes ?? [])
      .filter((s) => !now.some((r) => r.chunks === s.chunks))
      .map((s) => ({ ...s, measuredAt: s.measuredAt ?? saved.measuredAt }));
  } catch {
    return [];
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
