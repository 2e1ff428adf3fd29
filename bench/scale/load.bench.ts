import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { saveResults } from '../results';
import { loadMarkdown, loadSummary, printLoad } from './load/report';
import { DEFAULT_LOAD_OPTIONS, LOAD_SETTINGS, runLoad } from './load/run-load';

/**
 * bench:load: two api and two worker processes (the built apps, server mode) on one PostgreSQL and one Redis,
 * many users in a few workspaces uploading generated documents, searching and chatting at once for a bounded
 * time; then, while the load goes on, a worker killed mid-ingestion, Redis restarted, PostgreSQL refusing
 * connections for a few seconds and the first LLM provider failing. Reports p95 per route (next to the same
 * route measured alone), errors outside the fault windows, memory of every process (first vs last third),
 * how readiness followed each fault, and whether every upload ended ready exactly once.
 *
 *   npm run bench:load [-- --steady 40] [--warmup 10] [--final 20] [--fault 5] [--llm-fault 15] [--recovery 8]
 *     [--workspaces 3] [--users 6] [--uploads-per-second 1.5] [--calibration 15]
 *     [--faults worker-kill,redis-restart,postgres-refuses,llm-provider-fails] [--no-faults] [--think-ms 2000] [--seed 1]
 *
 * Needs DATABASE_URL (a scratch database is created on that server and dropped after) and redis-server on
 * PATH (a Redis of its own on a free port, which the Redis fault restarts; REDIS_URL is used only without it,
 * and then that fault is skipped). Run `npm run build` first (the npm script does).
 */
const d = DEFAULT_LOAD_OPTIONS;
const { values } = parseArgs({
  options: {
    steady: { type: 'string', default: String(d.steadySeconds) },
    warmup: { type: 'string', default: String(d.warmupSeconds) },
    final: { type: 'string', default: String(d.finalSeconds) },
    fault: { type: 'string', default: String(d.faultSeconds) },
    'llm-fault': { type: 'string', default: String(d.llmFaultSeconds) },
    recovery: { type: 'string', default: String(d.recoverySeconds) },
    workspaces: { type: 'string', default: String(d.workspaces) },
    users: { type: 'string', default: String(d.usersPerWorkspace) },
    'uploads-per-second': { type: 'string', default: String(d.uploadsPerSecond) },
    'no-faults': { type: 'boolean', default: false },
    faults: { type: 'string', default: d.faults.join(',') },
    calibration: { type: 'string', default: String(d.calibrationSeconds) },
    seed: { type: 'string', default: String(d.seed) },
    'think-ms': { type: 'string', default: String(d.thinkMs) },
  },
});

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL || undefined;
  if (!databaseUrl) {
    console.log(
      'bench:load runs in server mode only: set DATABASE_URL (and have redis-server on PATH). Nothing measured.',
    );
    process.exitCode = 1;
    return;
  }
  const load = loadavg()[0];
  const notes: string[] = [];
  if (load > cpus().length / 2)
    notes.push(`load average ${load.toFixed(1)} on ${cpus().length} cores before the run: other work skews latencies`);
  for (const n of notes) console.log(`note: ${n}`);
  const options = {
    ...d,
    databaseUrl,
    redisUrl: process.env.REDIS_URL || undefined,
    steadySeconds: Number(values.steady),
    warmupSeconds: Number(values.warmup),
    finalSeconds: Number(values.final),
    faultSeconds: Number(values.fault),
    llmFaultSeconds: Number(values['llm-fault']),
    recoverySeconds: Number(values.recovery),
    workspaces: Number(values.workspaces),
    usersPerWorkspace: Number(values.users),
    uploadsPerSecond: Number(values['uploads-per-second']),
    faults: values['no-faults'] ? [] : values.faults.split(',').map((f) => f.trim()),
    calibrationSeconds: Number(values.calibration),
    seed: Number(values.seed),
    thinkMs: Number(values['think-ms']),
    log: (line: string) => console.log(line),
  };
  console.log(
    `bench:load: ${options.apis} api + ${options.workers} worker processes, ${options.workspaces * options.usersPerWorkspace} users in ${options.workspaces} workspaces`,
  );
  const result = await runLoad(options);
  printLoad(result);
  const summary = loadSummary(result);
  console.log('\nTargets');
  for (const r of summary) {
    if (r.pass === undefined) continue;
    console.log(`  ${r.figure}: ${r.value} (target ${r.target}) ${r.pass ? 'PASS' : 'FAIL'}`);
  }
  const { log: _log, databaseUrl: _db, redisUrl: _redis, ...shown } = options;
  const file = saveResults('load', {
    command: `npm run bench:load${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    options: shown,
    settings: LOAD_SETTINGS,
    notes,
    loadAverage: { before: load, after: loadavg()[0] },
    summary,
    markdown: [
      ...loadMarkdown(result),
      `Settings of the app processes that differ from the defaults: ${Object.entries(LOAD_SETTINGS)
        .map(([k, v]) => `\`${k}\` ${v}`)
        .join('; ')}.`,
    ],
    ...result,
  });
  console.log(`  results: ${file.slice(file.indexOf('bench/'))}`);
  if (summary.some((r) => r.pass === false)) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
