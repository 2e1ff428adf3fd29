import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeOpenAiChatServer } from '../../../test/support/fake-llm-servers';
import { TcpProxy } from '../../../test/support/tcp-proxy';
import { createTeam, registerAccount, type Account } from '../../../test/support/accounts';
import { createScratchDatabase } from '../../server-scratch';
import { AppProcess, freePort } from './app-processes';
import { DocumentFactory, seededRandom } from './documents';
import { type Fault, killedDocumentsOutcome, llmFails, postgresRefuses, redisRestart, workerKill } from './faults';
import { checkIntegrity, drain } from './integrity';
import { MemorySampler } from './memory-sampler';
import { ReadinessMonitor } from './readiness-monitor';
import { OwnRedis, findRedisServer } from './redis-server';
import type { FaultResult, LoadResult } from './report';
import {
  type FaultWindow,
  errorsOutsideFaults,
  liveHeapTrend,
  memoryTrend,
  readinessWindow,
  type RequestSample,
  requestsMeeting,
  statsByRoute,
} from './stats';
import { LoadClient, type LoadUser, Workload } from './workload';

export interface LoadOptions {
  /** The PostgreSQL server a scratch database is created on (and dropped from). */
  databaseUrl: string;
  /** Used only when there is no redis-server binary to run a Redis of the benchmark's own. */
  redisUrl?: string;
  apis: number;
  workers: number;
  workspaces: number;
  usersPerWorkspace: number;
  warmupSeconds: number;
  steadySeconds: number;
  faultSeconds: number;
  /** How long the LLM provider fails (long enough for circuits to open under the chat rate). */
  llmFaultSeconds: number;
  recoverySeconds: number;
  finalSeconds: number;
  /** The faults to inject, by name (`worker-kill`, `redis-restart`, `postgres-refuses`, `llm-provider-fails`). */
  faults: string[];
  /** How long each route is measured alone (one user, one request at a time) before the load. */
  calibrationSeconds: number;
  uploadsPerSecond: number;
  seedDocuments: number;
  drainSeconds: number;
  /** How long a client waits for an answer: for chats (an agent run with several LLM calls), and for the rest. */
  chatTimeoutMs: number;
  requestTimeoutMs: number;
  /** Each user pauses a random 0 to thinkMs between two actions (a person reading, not a stress loop). */
  thinkMs: number;
  seed: number;
  /** Where the built apps are (`dist`); default: the build this benchmark runs from. */
  distDir?: string;
  log: (line: string) => void;
}

export const FAULT_NAMES = ['worker-kill', 'redis-restart', 'postgres-refuses', 'llm-provider-fails'];

export const DEFAULT_LOAD_OPTIONS: Omit<LoadOptions, 'databaseUrl' | 'log'> = {
  apis: 2,
  workers: 2,
  workspaces: 3,
  usersPerWorkspace: 6,
  warmupSeconds: 10,
  steadySeconds: 40,
  faultSeconds: 5,
  llmFaultSeconds: 15,
  recoverySeconds: 8,
  finalSeconds: 20,
  faults: FAULT_NAMES,
  calibrationSeconds: 15,
  uploadsPerSecond: 1.5,
  seedDocuments: 3,
  drainSeconds: 240,
  chatTimeoutMs: 120_000,
  requestTimeoutMs: 30_000,
  thinkMs: 2_000,
  seed: 1,
};

/** Settings of the app processes that differ from the defaults, and why (printed with the results). */
export const LOAD_SETTINGS: Record<string, string> = {
  THROTTLE_LIMIT: '1000000 (every simulated user comes from the one loopback address)',
  AUTH_THROTTLE_LIMIT: '10000 (the same, for registering the users)',
  LLM_RATE_LIMIT_PER_MINUTE: '100000 (chats are measured, not the limit)',
  JOB_LOCK_MS: "10000 (a killed worker's job is taken over within about 13 s instead of 40)",
  LLM_CIRCUIT_OPEN_MS: '5000 (an open circuit tries the provider again after 5 s instead of 30)',
  DATABASE_POOL_SIZE: '8 per process',
  EMBEDDING_PROVIDER: 'offline',
  LLM_CHAIN: 'openai,offline (OPENAI_BASE_URL: a fake OpenAI server in the benchmark process)',
};

/**
 * The mixed-load benchmark: api and worker processes (the built apps) on one PostgreSQL (through a TCP proxy
 * that the PostgreSQL fault cuts) and one Redis (the benchmark's own, which the Redis fault restarts), many
 * users in a few workspaces uploading, searching and asking at once for a bounded time, faults injected one
 * after the other while the load runs; then every upload is checked against what the database kept.
 */
export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const started = performance.now();
  const clock = () => Math.round(performance.now() - started);
  const cleanups: Array<() => Promise<unknown>> = [];
  const log = o.log;
  try {
    const db = await createScratchDatabase(o.databaseUrl, 'bench_load');
    cleanups.push(db.drop);
    const dataDir = mkdtempSync(join(tmpdir(), 'docqa-bench-load-'));
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));

    const binary = findRedisServer();
    let redis: OwnRedis | undefined;
    let redisUrl = o.redisUrl;
    if (binary) {
      redis = new OwnRedis(binary, await freePort());
      await redis.start();
      cleanups.push(() => redis!.dispose());
      redisUrl = redis.url;
    }
    if (!redisUrl) throw new Error('bench:load needs redis-server on PATH, or REDIS_URL');

    const target = new URL(db.url);
    const proxy = await new TcpProxy(target.hostname, Number(target.port || 5432)).start();
    cleanups.push(() => proxy.cut());
    const fake = await new FakeOpenAiChatServer('openai', {
      firstChunkDelayMs: 20,
      chunkDelayMs: 1,
      answerWords: 60,
    }).start();
    cleanups.push(() => fake.close());

    const env: NodeJS.ProcessEnv = {
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
      JWT_SECRET: randomBytes(48).toString('base64'),
      ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      DATA_DIR: dataDir,
      DATABASE_URL: proxy.url(db.url),
      DATABASE_POOL_SIZE: '8',
      REDIS_URL: redisUrl,
      REDIS_KEY_PREFIX: `bench-load-${randomBytes(4).toString('hex')}`,
      EMBEDDING_PROVIDER: 'offline',
      THROTTLE_LIMIT: '1000000',
      AUTH_THROTTLE_LIMIT: '10000',
      LLM_RATE_LIMIT_PER_MINUTE: '100000',
      JOB_LOCK_MS: '10000',
      LLM_CIRCUIT_OPEN_MS: '5000',
      OPENAI_API_KEY: 'bench-key',
      OPENAI_BASE_URL: fake.baseUrl,
      LLM_CHAIN: 'openai,offline',
    };
    const apps: AppProcess[] = [];
    const app = async (name: string, kind: 'api' | 'worker') =>
      new AppProcess(name, kind, await freePort(), env, clock, o.distDir, await freePort());
    for (let i = 1; i <= o.apis; i++) apps.push(await app(`api-${i}`, 'api'));
    for (let i = 1; i <= o.workers; i++) apps.push(await app(`worker-${i}`, 'worker'));
    cleanups.push(() => Promise.all(apps.map((a) => a.kill('SIGKILL'))));
    const apiApps = apps.filter((a) => a.kind === 'api');
    const workers = apps.filter((a) => a.kind === 'worker');
    // The first api runs the migrations; the others start once the schema is there.
    await apiApps[0].start();
    await Promise.all(apps.slice(1).map((a) => a.start()));
    log(
      `  started ${apps.map((a) => `${a.name} (pid ${a.pid})`).join(', ')}; Redis ${redis ? `own, port ${redis.port}` : redisUrl}`,
    );

    const spec = (await (await fetch(`${apiApps[0].url}/docs-json`)).json()) as {
      paths?: Record<string, { post?: unknown }>;
    };
    const chat = !!spec.paths?.['/api/v1/chat']?.post;
    const chatNote = chat
      ? undefined
      : 'POST /api/v1/chat is not in the API yet: no chats, and the LLM fault is skipped';
    if (chatNote) log(`  note: ${chatNote}`);

    // Users: the first account is the platform admin; then a few teams, each an owner and editors.
    await registerAccount(apiApps[0].url);
    const users: LoadUser[] = [];
    for (let w = 0; w < o.workspaces; w++) {
      const members: Account[] = [];
      for (let u = 0; u < o.usersPerWorkspace; u++)
        members.push(await registerAccount(apiApps[u % apiApps.length].url));
      const workspaceId = await createTeam(
        apiApps[0].url,
        members[0],
        members.slice(1).map((m) => [m, 'editor'] as const),
        `Load team ${w + 1}`,
      );
      for (const m of members) users.push({ email: m.email, accessToken: m.accessToken, workspaceId });
    }
    const workspaceIds = [...new Set(users.map((u) => u.workspaceId))];
    log(`  ${users.length} users in ${workspaceIds.length} workspaces`);

    let phase = 'setup';
    const phases: LoadResult['phases'] = [];
    // Live heap readings (a full collection each) at every phase boundary once the load runs.
    const liveHeap: { read?: (phase: string) => void } = {};
    const liveReadings: Promise<void>[] = [];
    const enter = (name: string) => {
      const now = clock();
      if (phases.length) phases[phases.length - 1].end = now;
      phases.push({ name, start: now, end: now });
      phase = name;
      liveHeap.read?.(name);
    };
    const samples: RequestSample[] = [];
    const ctx = {
      apis: apiApps.map((a) => a.url),
      clock,
      phase: () => phase,
      record: (s: RequestSample) => samples.push(s),
      timeoutMs: o.requestTimeoutMs,
      chatTimeoutMs: o.chatTimeoutMs,
    };
    const random = seededRandom(o.seed);
    const client = new LoadClient(ctx);
    const workload = new Workload(client, new DocumentFactory(random), random, ctx, {
      uploadsPerSecond: o.uploadsPerSecond,
      repeatShare: 0.1,
      chat,
      thinkMs: o.thinkMs,
    });

    // Seed each workspace, then measure each route alone (one request at a time): the baseline of its p95.
    enter('seed');
    for (const id of workspaceIds) {
      const user = users.find((u) => u.workspaceId === id)!;
      for (let i = 0; i < o.seedDocuments; i++) await workload.upload(user);
    }
    await drain(db.url, workspaceIds, workload.uploads, 120_000);
    enter('calibration');
    workload.start([users[0]], 0);
    await new Promise((r) => setTimeout(r, o.calibrationSeconds * 1000));
    await workload.stop();

    const monitor = new ReadinessMonitor(apps, clock);
    const memory = new MemorySampler(apps, clock);
    monitor.start();
    memory.start();
    cleanups.push(async () => {
      monitor.stop();
      memory.stop();
    });
    liveHeap.read = (name) => void liveReadings.push(memory.sampleLive(name));
    enter('warmup');
    // Memory is judged on the processes that live through the whole load (not a worker started again midway).
    const firstPids = new Set(apps.map((a) => `${a.name}#${a.pid}`));
    workload.start(users);
    const wait = (seconds: number) => new Promise((r) => setTimeout(r, seconds * 1000));
    await wait(o.warmupSeconds);
    enter('steady');
    await wait(o.steadySeconds);

    const faults: Fault[] = [
      workerKill(workers[0], workers.slice(1), db.url),
      redisRestart(
        redis,
        apps.map((a) => a.name),
      ),
      postgresRefuses(
        proxy,
        apps.map((a) => a.name),
      ),
      llmFails(fake, chat),
    ].filter((f) => o.faults.includes(f.name));
    const faultResults: FaultResult[] = [];
    const faultWindows: FaultWindow[] = [];
    for (const fault of faults) {
      if (fault.skip) {
        log(`  fault ${fault.name}: skipped, ${fault.skip}`);
        faultResults.push({
          name: fault.name,
          what: fault.what,
          skipped: fault.skip,
          readiness: {},
          reflectedBy: [],
          notReflectedBy: [],
          wronglyNotReady: [],
          requestsDuring: {},
        });
        continue;
      }
      log(`  fault ${fault.name}: ${fault.what}`);
      enter(`fault:${fault.name}`);
      const start = clock();
      await fault.inject(log);
      await wait(fault.circuits ? o.llmFaultSeconds : o.faultSeconds);
      const end = clock();
      await fault.heal(log);
      const healed = clock();
      const names = apps.map((a) => a.name);
      const back = await monitor.until(names, (s) => s.status === 200 && (!fault.circuits || !s.openCircuits), 90_000);
      const readyAgainAfterMs = back ? clock() - healed : undefined;
      enter(`after:${fault.name}`);
      faultWindows.push({ name: fault.name, start, end: clock() });
      await wait(o.recoverySeconds);
      const until = clock();
      const readiness = Object.fromEntries(
        names.map((n) => [n, readinessWindow(monitor.samples.get(n) ?? [], start, Math.max(end, healed), until)]),
      );
      const shows = (n: string) =>
        fault.circuits ? (readiness[n].maxOpenCircuits ?? 0) > 0 : readiness[n].detectedAfterMs !== undefined;
      const expected = fault.circuits ? apiApps.map((a) => a.name) : fault.expectNotReady;
      faultResults.push({
        name: fault.name,
        what: fault.what,
        start,
        end,
        readyAgainAfterMs,
        readiness,
        reflectedBy: expected.filter(shows),
        notReflectedBy: expected.filter((n) => !shows(n)),
        wronglyNotReady: fault.circuits
          ? names.filter((n) => readiness[n].detectedAfterMs !== undefined)
          : names.filter((n) => !expected.includes(n) && readiness[n].detectedAfterMs !== undefined),
        // Counted once the load has stopped: a request in flight when the fault began is answered later.
        requestsDuring: {},
        evidence: fault.evidence,
      });
      log(
        `    ready again after ${readyAgainAfterMs === undefined ? 'NEVER' : `${(readyAgainAfterMs / 1000).toFixed(1)} s`}`,
      );
    }
    enter('final');
    await wait(o.finalSeconds);
    enter('drain');
    await workload.stop();
    memory.sample();
    await Promise.all(liveReadings);
    await memory.sampleLive('end');
    monitor.stop();
    memory.stop();

    log(`  load stopped after ${(clock() / 1000).toFixed(0)} s; waiting for every upload to settle ...`);
    const drained = await drain(db.url, workspaceIds, workload.uploads, o.drainSeconds * 1000);
    const integrity = checkIntegrity(workload.uploads, drained.rows);
    const killed = faultResults.find((f) => f.name === 'worker-kill');
    if (killed?.evidence) killed.evidence.outcome = await killedDocumentsOutcome(db.url, killed.evidence);
    phases[phases.length - 1].end = clock();

    for (const f of faultResults) {
      if (f.skipped) continue;
      f.requestsDuring = requestsMeeting(f.name, samples, faultWindows);
      const fault = faults.find((x) => x.name === f.name);
      if (fault?.circuits && f.evidence) {
        const chats = requestsMeeting(f.name, samples, faultWindows, (r) => r.startsWith('POST /chat'));
        f.evidence.summary = `${String(f.evidence.summary)}; chats meanwhile by status: ${JSON.stringify(chats)}`;
      }
    }
    const memoryResult: LoadResult['memory'] = {};
    for (const [key, list] of memory.own) {
      const judged = firstPids.has(key) && apps.some((a) => `${a.name}#${a.pid}` === key);
      memoryResult[key] = {
        own: memoryTrend(list),
        tree: memoryTrend(memory.tree.get(key) ?? []),
        heap: memoryTrend(memory.heap.get(key) ?? []),
        live: liveHeapTrend(memory.live.get(key) ?? []),
        judged,
      };
    }
    const phaseAt = (at: number) => phases.find((p) => at >= p.start && at <= p.end)?.name ?? 'setup';
    const loggedErrors = Object.fromEntries(
      apps.map((a) => [a.name, [...new Set(a.errors.map((e) => `[${phaseAt(e.at)}] ${e.msg}`))].slice(0, 12)]),
    );
    return {
      seconds: clock() / 1000,
      phases,
      chat: { available: chat, note: chatNote },
      calibration: statsByRoute(samples, (s) => s.phase === 'calibration'),
      steady: statsByRoute(samples, (s) => s.phase === 'steady'),
      final: statsByRoute(samples, (s) => s.phase === 'final'),
      errorsOutsideFaults: errorsOutsideFaults(samples, faultWindows),
      faults: faultResults,
      memory: memoryResult,
      integrity,
      drain: { seconds: drained.seconds, settled: drained.settled },
      loggedErrors,
    };
  } finally {
    for (const c of cleanups.reverse()) await c().catch((e: unknown) => log(`  cleanup: ${(e as Error).message}`));
  }
}
