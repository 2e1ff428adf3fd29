import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from '../bench-process';
import { saveResults } from '../results';
import { BenchApp, Mode } from './bench-app';
import { SizeResult, runLatency } from './latency-run';
import { QualityResult, embedderChoices, runQuality } from './quality-run';
import { Check, TARGETS, checksOf, printChecks, printLatency, printQuality } from './report';
import { SCIFACT_DIR, loadScifact, scifactMissing } from './scifact';
import { searchAdapter } from './search-adapter';

/**
 * bench:retrieval: search quality on SciFact (nDCG@10, Recall@100, MRR@10 for keyword, vector and hybrid
 * search with each available embedder, next to the published BM25 and MiniLM figures), and search latency
 * (p50, p95) on synthetic corpora of 10k and 100k chunks next to the raw SQL floor on the same tables,
 * measured in the same run. The search service is called in-process (`SearchService`), in an API app built
 * as main.ts builds it, on a fresh database.
 *
 *   npm run bench:retrieval [-- --modes embedded,server] [--sizes 10000,100000] [--embedded-sizes 10000]
 *     [--queries 200] [--warmup 20] [--no-quality] [--no-latency]
 *
 * DATABASE_URL and REDIS_URL enable server mode (a database is created for the run and dropped after it).
 * Embedded mode (PGlite) measures 10k chunks only by default: loading 100k there takes too long.
 * SciFact is read from ../shared/datasets/scifact (SCIFACT_DIR); without it the quality part is skipped.
 */
const { values } = parseArgs({
  options: {
    modes: { type: 'string', default: 'embedded,server' },
    sizes: { type: 'string', default: '10000,100000' },
    'embedded-sizes': { type: 'string', default: '10000' },
    queries: { type: 'string', default: '200' },
    warmup: { type: 'string', default: '20' },
    'no-quality': { type: 'boolean', default: false },
    'no-latency': { type: 'boolean', default: false },
  },
});

const databaseUrl = process.env.DATABASE_URL || undefined;
const redisUrl = process.env.REDIS_URL || undefined;
/** The deployment's model folder: MODELS_DIR, else DATA_DIR/models as the app resolves it. */
const modelsDir =
  process.env.MODELS_DIR || join(process.env.DATA_DIR ? process.env.DATA_DIR : join(ROOT, 'data'), 'models');

const sizesOf = (s: string) =>
  s
    .split(',')
    .map((x) => Number(x.trim()))
    .filter((n) => Number.isInteger(n) && n > 0);

async function withApp<T>(mode: Mode, run: (bench: BenchApp) => Promise<T>): Promise<T> {
  const bench = await BenchApp.start({ mode, databaseUrl, redisUrl, modelsDir });
  try {
    return await run(bench);
  } catch (err) {
    if (err instanceof Error) err.message += `\n--- DocQA log (tail) ---\n${bench.logs()}`;
    throw err;
  } finally {
    await bench.stop();
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  const notes: string[] = [];
  const wanted = values.modes.split(',').filter((m): m is Mode => m === 'embedded' || m === 'server');
  const modes = wanted.filter((m) => m === 'embedded' || (databaseUrl && redisUrl));
  if (wanted.includes('server') && !modes.includes('server')) {
    notes.push('DATABASE_URL and REDIS_URL are not both set: no server mode (and no latency target at 100k chunks)');
  }
  const load = loadavg()[0];
  if (load > cpus().length / 2) {
    notes.push(`load average ${load.toFixed(1)} on ${cpus().length} cores: other work will skew the latencies`);
  }
  for (const n of notes) console.log(`note: ${n}`);

  let quality: QualityResult | undefined;
  if (!values['no-quality'] && modes.length) {
    const missing = scifactMissing();
    // Quality does not depend on the run mode; it is measured once, on the mode production runs.
    const mode: Mode = modes.includes('server') ? 'server' : 'embedded';
    if (missing) {
      notes.push(`SciFact skipped: ${missing}`);
      console.log(`\nSciFact: skipped, ${missing}`);
    } else {
      console.log(`\nSciFact from ${SCIFACT_DIR} (${mode} mode):`);
      const data = loadScifact();
      const choices = embedderChoices(modelsDir, {
        openai: !!process.env.OPENAI_API_KEY,
        cohere: !!process.env.CO_API_KEY,
      });
      quality = await withApp(mode, async (bench) => {
        const search = searchAdapter(bench);
        if (typeof search === 'string') {
          notes.push(`SciFact not measured: ${search}`);
          console.log(`  not measured: ${search}`);
          return undefined;
        }
        return runQuality(bench, search, data, choices, (line) => console.log(line));
      });
    }
  }

  const latency: Record<string, SizeResult[]> = {};
  if (!values['no-latency']) {
    for (const mode of modes) {
      const sizes = sizesOf(mode === 'embedded' ? values['embedded-sizes'] : values.sizes);
      if (mode === 'embedded' && sizesOf(values.sizes).some((s) => !sizes.includes(s))) {
        notes.push(
          `embedded mode measured at ${sizes.join(', ')} chunks only: bulk loading 100k chunks into PGlite takes too long (--embedded-sizes to change)`,
        );
      }
      console.log(`\nSearch latency, ${mode} mode:`);
      latency[mode] = await withApp(mode, async (bench) => {
        const search = searchAdapter(bench);
        if (typeof search === 'string') {
          notes.push(`${mode}: DocQA search not timed (floors only): ${search}`);
          console.log(`  DocQA search not timed (floors only): ${search}`);
        }
        return runLatency(bench, typeof search === 'string' ? undefined : search, {
          sizes,
          queries: Number(values.queries) || 200,
          warmup: Number(values.warmup) || 0,
          maintenanceWorkMem: '256MB',
          log: (line) => console.log(line),
        });
      });
    }
  }

  if (quality) printQuality(quality);
  for (const [mode, sizes] of Object.entries(latency)) printLatency(mode, sizes);
  const checks: Check[] = checksOf(quality, latency);
  console.log('\nTargets');
  printChecks(checks);
  const seconds = (performance.now() - started) / 1000;
  // The bench process only; in embedded mode the PGlite child process is not counted.
  const peakRssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
  console.log(`  run time ${(seconds / 60).toFixed(1)} min, peak RSS of the bench process ${peakRssMiB} MiB`);
  const file = saveResults('retrieval', {
    command: `npm run bench:retrieval${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    notes,
    targets: TARGETS,
    checks,
    quality,
    latency,
    loadAverage: { before: load, after: loadavg()[0] },
    seconds,
    peakRssMiB,
  });
  console.log(`  results: ${file.slice(file.indexOf('bench/'))}`);
  if (checks.some((c) => c.pass === false)) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
