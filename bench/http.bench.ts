import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { startProcess, timeToReady, type Started } from './bench-process';
import { saveResults } from './results';

/**
 * bench:http — throughput and p99 of GET /api/v1/health on the DocQA API (production settings,
 * embedded mode) next to a bare Fastify server answering the same route, each in its own process,
 * measured in alternating rounds in the same run. Then start-to-ready times in embedded mode.
 * The target is the req/s ratio; the CPU each server process spends per request (Linux) is reported
 * beside it because it moves less than req/s when other work shares the machine.
 */
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 8);
const CONNECTIONS = 50;
const ROUNDS = 2;
const TARGET_RATIO = 0.6;

interface Load {
  rps: number;
  p99: number;
  /** CPU time (user + system) the server process spent per request: steadier than req/s on a shared machine. */
  cpuUsPerRequest?: number;
}

/** CPU milliseconds a process has used, from /proc (Linux); undefined elsewhere. */
function cpuMs(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime, in 10 ms ticks (USER_HZ = 100)
  } catch {
    return undefined;
  }
}

async function load(server: Started): Promise<Load> {
  const before = cpuMs(server.proc.pid);
  const result = await autocannon({
    url: `${server.url}/api/v1/health`,
    connections: CONNECTIONS,
    duration: DURATION_S,
  });
  const after = cpuMs(server.proc.pid);
  if (result.non2xx || result.errors)
    throw new Error(`${server.url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  const cpu =
    before === undefined || after === undefined ? undefined : ((after - before) * 1000) / result.requests.total;
  return {
    rps: result.requests.average,
    p99: result.latency.p99,
    cpuUsPerRequest: cpu === undefined ? undefined : Math.round(cpu * 10) / 10,
  };
}

/** Mean server CPU per request over the rounds (NaN when it could not be read). */
function meanCpu(runs: Load[]): number {
  return runs.reduce((sum, r) => sum + (r.cpuUsPerRequest ?? NaN), 0) / runs.length;
}

function best(runs: Load[]): Load {
  return runs.reduce((a, b) => (b.rps > a.rps ? b : a));
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'docqa-bench-http-'));
  const env = {
    NODE_ENV: 'production',
    ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    JWT_SECRET: randomBytes(48).toString('base64'),
    LOG_LEVEL: 'info',
  };
  try {
    const bare = await startProcess('bench/bare-fastify.server.js', {});
    const docqa = await startProcess('apps/api/src/main.js', { ...env, DATA_DIR: join(dataDir, 'load') });
    const bareRuns: Load[] = [];
    const docqaRuns: Load[] = [];
    await load(bare); // warm-up, discarded
    await load(docqa);
    for (let i = 0; i < ROUNDS; i++) {
      bareRuns.push(await load(bare));
      docqaRuns.push(await load(docqa));
    }
    await bare.stop();
    await docqa.stop();

    const startDir = join(dataDir, 'start');
    const firstStartMs = await timeToReady({ ...env, DATA_DIR: startDir });
    const laterStartMs = await timeToReady({ ...env, DATA_DIR: startDir });

    const b = best(bareRuns);
    const d = best(docqaRuns);
    const ratio = d.rps / b.rps;
    const cpuOf = (l: Load) => (l.cpuUsPerRequest === undefined ? '-' : l.cpuUsPerRequest.toFixed(1));
    const rows = [
      ['', 'req/s', 'p99 ms', 'CPU us/req'],
      ['bare Fastify', b.rps.toFixed(0), b.p99.toFixed(1), cpuOf(b)],
      ['DocQA API', d.rps.toFixed(0), d.p99.toFixed(1), cpuOf(d)],
    ];
    console.log(
      `\nGET /api/v1/health, ${CONNECTIONS} connections, ${DURATION_S} s x ${ROUNDS} alternating rounds (best of each)`,
    );
    for (const r of rows)
      console.log(`  ${r[0].padEnd(14)} ${r[1].padStart(8)} ${r[2].padStart(8)} ${r[3].padStart(11)}`);
    console.log(
      `  throughput ratio DocQA / bare: ${(ratio * 100).toFixed(1)}% (target >= ${TARGET_RATIO * 100}%) ${ratio >= TARGET_RATIO ? 'PASS' : 'FAIL'}`,
    );
    const cpuRatio = meanCpu(bareRuns) / meanCpu(docqaRuns);
    if (Number.isFinite(cpuRatio)) {
      console.log(`  server CPU per request, bare / DocQA: ${(cpuRatio * 100).toFixed(1)}% (mean of the rounds)`);
    }
    console.log(
      `  embedded first start to ready: ${(firstStartMs / 1000).toFixed(2)} s (target < 8 s) ${firstStartMs < 8000 ? 'PASS' : 'FAIL'}`,
    );
    console.log(
      `  embedded later start to ready: ${(laterStartMs / 1000).toFixed(2)} s (target < 3 s) ${laterStartMs < 3000 ? 'PASS' : 'FAIL'}`,
    );
    const file = saveResults('http', {
      command: 'npm run bench:http',
      route: 'GET /api/v1/health',
      connections: CONNECTIONS,
      durationSeconds: DURATION_S,
      bare: { runs: bareRuns, best: b },
      docqa: { runs: docqaRuns, best: d },
      ratio,
      cpuRatio: Number.isFinite(cpuRatio) ? cpuRatio : undefined,
      target: { ratio: TARGET_RATIO, firstStartMs: 8000, laterStartMs: 3000 },
      firstStartMs,
      laterStartMs,
    });
    console.log(`  results: ${file.slice(file.indexOf('bench/'))}`);
    if (ratio < TARGET_RATIO || firstStartMs >= 8000 || laterStartMs >= 3000) process.exitCode = 1;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
