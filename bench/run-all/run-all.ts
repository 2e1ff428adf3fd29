import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from '../bench-process';
import { saveResults } from '../results';
import { machineInfo } from './machine';
import { type BenchSection, renderBenchmarks } from './markdown';
import { benchScripts } from './scripts';
import { summarize } from './summaries';

/**
 * npm run bench: every benchmark script of package.json (`bench:<name>`), one after the other on the build
 * `npm run bench` has just made, then docs/benchmarks.md from all results in bench/results/. New benchmark
 * scripts are picked up by name; their results file joins the page with the rows of its `summary` (see
 * SummaryRow in bench/results.ts), else of its `checks`.
 *
 *   npm run bench [-- --only http,llm] [--skip ingest] [--report-only] [--keep-going]
 *
 * Each benchmark runs with its defaults and the environment given (DATABASE_URL and REDIS_URL for server
 * mode; SCALE_SIZES for bench:scale). A failed target does not stop the others; --report-only runs nothing.
 */
const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    skip: { type: 'string' },
    'report-only': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

/** Section titles of the known results files; others are titled by their name. */
const TITLES: Record<string, string> = {
  http: 'HTTP pipeline (bench:http)',
  parse: 'Parsing (bench:parse)',
  ingest: 'Ingestion (bench:ingest)',
  retrieval: 'Retrieval (bench:retrieval)',
  'llm-router': 'LLM router (bench:llm)',
  safety: 'Safety (bench:safety)',
  agent: 'Agent and chat (bench:agent)',
  scale: 'Growth to a million chunks (bench:scale)',
  load: 'Mixed load and faults (bench:load)',
};

/** The script that writes each results file, where its name is not the script's. */
const SCRIPT_OF: Record<string, string> = { 'llm-router': 'bench:llm' };

function run(command: string): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn('sh', ['-c', command], { cwd: ROOT, env: process.env, stdio: 'inherit' });
    child.once('exit', (code) => resolve(code));
  });
}

const resultsDir = join(ROOT, 'bench', 'results');

function resultFiles(): string[] {
  if (!existsSync(resultsDir)) return [];
  return readdirSync(resultsDir)
    .filter((f) => f.endsWith('.json') && f !== 'run-all.json')
    .map((f) => join(resultsDir, f));
}

async function main(): Promise<void> {
  if (values.help) {
    console.log('npm run bench [-- --only http,llm] [--skip ingest,load] [--report-only]');
    return;
  }
  const startedAt = new Date();
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const pick = (list: string | undefined) =>
    list ? list.split(',').map((s) => `bench:${s.trim().replace(/^bench:/, '')}`) : undefined;
  const only = pick(values.only);
  const skip = pick(values.skip) ?? [];
  const runs = new Map<string, { exitCode: number | null; seconds: number } | { skipped: string }>();
  const produced = new Map<string, string>();
  const scripts = benchScripts(pkg.scripts);
  if (!values['report-only']) {
    for (const script of scripts) {
      if ((only && !only.includes(script.name)) || skip.includes(script.name)) {
        runs.set(script.name, { skipped: only ? 'not in --only' : '--skip' });
        continue;
      }
      console.log(`\n=== ${script.name}: ${script.command}\n`);
      const t0 = Date.now();
      const exitCode = await run(script.command);
      runs.set(script.name, { exitCode, seconds: (Date.now() - t0) / 1000 });
      // The results files this script wrote are the ones changed since it started.
      for (const file of resultFiles()) if (statSync(file).mtimeMs >= t0) produced.set(file, script.name);
      console.log(`\n=== ${script.name}: exit ${exitCode} after ${((Date.now() - t0) / 60000).toFixed(1)} min`);
    }
  }

  const machine = await machineInfo(process.env.DATABASE_URL || undefined, process.env.REDIS_URL || undefined);
  const sections: BenchSection[] = [];
  for (const file of resultFiles()) {
    const results = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    const name = String(results.name ?? file.replace(/^.*\/|\.json$/g, ''));
    const script =
      produced.get(file) ?? scripts.find((s) => s.name === SCRIPT_OF[name] || s.name === `bench:${name}`)?.name;
    const notes = Array.isArray(results.notes) ? results.notes.map(String) : [];
    sections.push({
      name,
      title: TITLES[name] ?? name,
      command: typeof results.command === 'string' ? results.command : script ? `npm run ${script}` : undefined,
      measuredAt: typeof results.measuredAt === 'string' ? results.measuredAt : undefined,
      run: script ? runs.get(script) : undefined,
      rows: summarize(name, results),
      details: Array.isArray(results.markdown) ? results.markdown.map(String) : [],
      notes,
    });
  }
  const order = (s: BenchSection) => {
    const i = Object.keys(TITLES).indexOf(s.name);
    return i < 0 ? Object.keys(TITLES).indexOf('scale') - 0.5 : i;
  };
  sections.sort((a, b) => order(a) - order(b) || a.name.localeCompare(b.name));

  const docsDir = join(ROOT, 'docs');
  mkdirSync(docsDir, { recursive: true });
  const docFile = join(docsDir, 'benchmarks.md');
  const previous = existsSync(docFile) ? readFileSync(docFile, 'utf8') : '';
  const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
  writeFileSync(
    docFile,
    renderBenchmarks(machine, { command: 'npm run bench', startedAt: startedAt.toISOString() }, sections, previous),
  );
  saveResults('run-all', {
    command,
    startedAt: startedAt.toISOString(),
    machineDetails: machine,
    runs: Object.fromEntries(runs),
  });
  console.log(`\nwrote docs/benchmarks.md (${sections.length} benchmarks) and bench/results/run-all.json`);
  const failed = [...runs.values()].some((r) => 'exitCode' in r && r.exitCode !== 0);
  if (failed) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
