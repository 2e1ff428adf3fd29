import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DIST, ROOT } from '../bench-process';
import { CorpusFile, creditedUnits } from './corpus';
import { PipelineResult } from './pipeline-result';
import { CpuMeter } from './cpu-meter';
import { RssSampler } from './rss-sampler';

const PACKAGE_DIR = join(ROOT, 'bench', 'langchain');
const SCRIPT = join(PACKAGE_DIR, 'ingest.mjs');

/**
 * LangChain lives in its own package (its peer ranges conflict with the project's), installed from its
 * lockfile the first time the bench needs it, so `npm ci` at the root and CI never pay for it.
 */
export function ensureLangchainInstalled(): void {
  if (existsSync(join(PACKAGE_DIR, 'node_modules', '@langchain', 'community'))) return;
  console.log('installing the LangChain.js baseline (npm ci --prefix bench/langchain) ...');
  const res = spawnSync('npm', ['ci', '--prefix', PACKAGE_DIR, '--no-audit', '--no-fund'], { stdio: 'inherit' });
  if (res.status !== 0) throw new Error(`npm ci --prefix bench/langchain failed (${res.status ?? res.signal})`);
}

interface FileEvent {
  at: number;
  event: 'start' | 'begin' | 'file' | 'end';
  file?: string;
  ok?: boolean;
  error?: string;
  docs?: number;
  totalPages?: number;
  chunks?: number;
  parseMs?: number;
  splitMs?: number;
  embedMs?: number;
  storeMs?: number;
  maxRssBytes?: number;
  embedder?: string;
  embedderSource?: string;
}

interface Run {
  events: FileEvent[];
  exitedAt: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
  peakBytes: number;
  cpuSeconds: number;
}

function runOnce(files: string[], databaseUrl: string, table: string, eventsFile: string): Promise<Run> {
  rmSync(eventsFile, { force: true });
  const args = [SCRIPT, '--database-url', databaseUrl, '--table', table, '--events', eventsFile, '--keep-table'];
  if (existsSync(join(DIST, 'libs', 'embeddings'))) args.push('--dist', DIST);
  const child = spawn(process.execPath, [...args, ...files], {
    cwd: ROOT,
    env: { PATH: process.env.PATH },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keepTail = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
  child.stdout.on('data', keepTail);
  child.stderr.on('data', keepTail);
  const sampler = new RssSampler(() => [child.pid ?? 0]).start();
  const cpu = new CpuMeter(() => [child.pid ?? 0]).start();
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      const exitedAt = Date.now();
      const { peakBytes } = sampler.stop();
      const cpuSeconds = cpu.stop().total;
      const events: FileEvent[] = existsSync(eventsFile)
        ? readFileSync(eventsFile, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((l) => JSON.parse(l) as FileEvent)
        : [];
      resolve({ events, exitedAt, code, signal, output, peakBytes, cpuSeconds });
    });
  });
}

/**
 * Ingests the files with the LangChain pipeline in its own process, its peak RSS sampled alone. A user's
 * script dies with the first file that kills the process (the DOCX zip bombs exhaust mammoth's heap); the
 * bench is kinder: it counts that file as lost and starts the script again on the files after it. The
 * time counted is the scripts' own (first file to last), without Node start-up or table creation.
 */
export async function runLangchain(files: CorpusFile[], databaseUrl: string): Promise<PipelineResult> {
  ensureLangchainInstalled();
  const table = `bench_langchain_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const work = mkdtempSync(join(tmpdir(), 'docqa-bench-langchain-'));
  const byPath = new Map(files.map((f) => [f.path, f]));
  const perFile: PipelineResult['files'] = [];
  let remaining = files.map((f) => f.path);
  let processingMs = 0;
  let peakBytes = 0;
  let restarts = 0;
  let cpuSeconds = 0;
  const stages = { parseMs: 0, splitMs: 0, embedMs: 0, storeMs: 0 };
  let embedder = '';
  const wallStart = Date.now();
  try {
    while (remaining.length) {
      const run = await runOnce(remaining, databaseUrl, table, join(work, 'events.jsonl'));
      peakBytes = Math.max(peakBytes, run.peakBytes, ...run.events.map((e) => e.maxRssBytes ?? 0));
      cpuSeconds += run.cpuSeconds;
      const start = run.events.find((e) => e.event === 'start');
      if (!start) throw new Error(`the LangChain script failed before its first file (${run.code}):\n${run.output}`);
      embedder = `${start.embedder} (${start.embedderSource})`;
      const done = new Set<string>();
      let lastAt = start.at;
      let inFlight: FileEvent | undefined;
      for (const e of run.events) {
        if (e.event === 'begin') inFlight = e;
        if (e.event !== 'file') continue;
        inFlight = undefined;
        lastAt = e.at;
        done.add(e.file!);
        for (const k of Object.keys(stages) as (keyof typeof stages)[]) stages[k] += e[k] ?? 0;
        const file = byPath.get(e.file!)!;
        const indexed = !!e.ok && (e.chunks ?? 0) > 0;
        perFile.push({
          name: file.name,
          outcome: !e.ok ? 'lost' : indexed ? 'ready' : 'empty',
          units: indexed ? creditedUnits(file, e.totalPages ?? e.docs) : 0,
          chunks: e.chunks ?? 0,
          detail: e.error,
        });
      }
      if (run.code === 0) {
        processingMs += lastAt - start.at;
        break;
      }
      if (!inFlight) throw new Error(`the LangChain script exited with ${run.code ?? run.signal}:\n${run.output}`);
      // The process died on this file: it is lost, and the time it took to die counts.
      processingMs += run.exitedAt - start.at;
      const file = byPath.get(inFlight.file!)!;
      const why = /heap out of memory/.test(run.output)
        ? 'JavaScript heap out of memory'
        : String(run.code ?? run.signal);
      perFile.push({ name: file.name, outcome: 'lost', units: 0, chunks: 0, detail: `process died: ${why}` });
      done.add(inFlight.file!);
      restarts += 1;
      remaining = remaining.filter((p) => !done.has(p));
    }
  } finally {
    await dropTable(databaseUrl, table);
    rmSync(work, { recursive: true, force: true });
  }
  return {
    pipeline: 'LangChain.js',
    embedder,
    seconds: processingMs / 1000,
    wallSeconds: (Date.now() - wallStart) / 1000,
    peakRssBytes: peakBytes,
    files: perFile,
    stages,
    cpuSeconds: { script: cpuSeconds, total: cpuSeconds },
    notes: restarts ? [`the script was restarted ${restarts} time(s) after the process died`] : [],
  };
}

async function dropTable(databaseUrl: string, table: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`DROP TABLE IF EXISTS "${table}"`);
  } finally {
    await client.end();
  }
}
