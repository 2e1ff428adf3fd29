import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createScratchDatabase, deleteRedisKeys } from '../server-scratch';
import { DIST, ROOT } from '../bench-process';
import { CorpusFile, creditedUnits } from './corpus';
import { FileResult, PipelineResult } from './pipeline-result';
import { CpuMeter } from './cpu-meter';
import { RssSampler } from './rss-sampler';

export type Mode = 'embedded' | 'server';

export interface DocqaOptions {
  mode: Mode;
  /** Server mode: a PostgreSQL server on which a fresh database is created for the run, and Redis. */
  databaseUrl?: string;
  redisUrl?: string;
  /** Upload requests in flight at once. */
  uploadConcurrency?: number;
  timeoutMs?: number;
  /** Ends the wait when no pending document changes for this long (default 5 min). */
  stallMs?: number;
}

interface DocumentView {
  id: string;
  status: string;
  failureReason?: string | null;
  failureMessage?: string | null;
  pageCount?: number | null;
  chunkCount?: number | null;
  updatedAt?: string;
}

const TERMINAL = new Set(['ready', 'failed']);
const POLL_MS = 250;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Proc {
  child: ChildProcess;
  url: string;
  output: () => string;
  /** Job runs that failed and were retried, counted from the logs (a retried document costs time). */
  retries: () => number;
}

/** Starts a built app as a user would (`node dist/...`) and waits for its readiness probe. */
async function startApp(script: string, env: NodeJS.ProcessEnv, port: number): Promise<Proc> {
  const child = spawn(process.execPath, [join(DIST, script)], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let retries = 0;
  const keepTail = (chunk: Buffer) => {
    const text = chunk.toString();
    retries += text.match(/failed, retrying in/g)?.length ?? 0;
    output = (output + text).slice(-8000);
  };
  child.stdout!.on('data', keepTail);
  child.stderr!.on('data', keepTail);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${script} exited (${child.exitCode ?? child.signalCode}):\n${output}`);
    }
    const res = await fetch(`${url}/api/v1/ready`).catch(() => undefined);
    if (res?.status === 200) return { child, url, output: () => output, retries: () => retries };
    await sleep(100);
  }
  child.kill('SIGKILL');
  throw new Error(`${script} was not ready within 180 s:\n${output}`);
}

function stopApp(proc: Proc | undefined): Promise<void> {
  if (!proc || proc.child.exitCode !== null || proc.child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => proc.child.kill('SIGKILL'), 20_000);
    proc.child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    proc.child.kill('SIGTERM');
  });
}

/** A response body as JSON, or `{ text }` when it is not JSON; the fields read are checked where used. */
async function json<T>(res: Response): Promise<Partial<T> & { message?: string }> {
  const text = await res.text();
  try {
    return JSON.parse(text) as Partial<T>;
  } catch {
    return { message: text } as Partial<T> & { message: string };
  }
}

/**
 * An account on the API. Access tokens live 15 minutes by default and a run with the bomb can take longer,
 * so a 401 signs in again, as a client would with its stored credentials.
 */
class Session {
  private token = '';
  private readonly email = `bench.${randomBytes(4).toString('hex')}@example.test`;
  private readonly password = `bench ingest ${randomBytes(12).toString('hex')}`;

  constructor(readonly url: string) {}

  async register(): Promise<void> {
    await this.signIn('register', { email: this.email, password: this.password, displayName: 'bench:ingest' });
  }

  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const send = () =>
      fetch(`${this.url}${path}`, { ...init, headers: { ...init.headers, authorization: `Bearer ${this.token}` } });
    const res = await send();
    if (res.status !== 401) return res;
    await this.signIn('login', { email: this.email, password: this.password });
    return send();
  }

  private async signIn(route: 'register' | 'login', payload: object): Promise<void> {
    const res = await fetch(`${this.url}/api/v1/auth/${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
    });
    const body = await json<{ accessToken: string }>(res);
    if (!res.ok || !body.accessToken) throw new Error(`${route}: ${res.status} ${JSON.stringify(body)}`);
    this.token = body.accessToken;
  }
}

/** Every document of the account, following the list's cursor. */
/** Answers other than 200 seen while polling: a user's client sees them too, so they are reported. */
type PollErrors = Map<string, number>;

/**
 * Every document of the account, following the list's cursor. A 5xx is counted and the poll tried again
 * (for up to a minute): the run goes on and the report says how often the API failed to answer.
 */
async function listDocuments(session: Session, errors: PollErrors): Promise<DocumentView[]> {
  const all: DocumentView[] = [];
  let cursor: string | undefined;
  const giveUpAt = Date.now() + 60_000;
  do {
    const q = new URLSearchParams({ limit: '100', ...(cursor ? { cursor } : {}) });
    const res = await session.fetch(`/api/v1/documents?${q}`);
    const body = await json<{ items: DocumentView[]; nextCursor: string | null }>(res);
    if (res.status === 200 && body.items) {
      all.push(...body.items);
      cursor = body.nextCursor ?? undefined;
      continue;
    }
    const key = `${res.status} ${body.message ?? ''}`.slice(0, 120);
    errors.set(key, (errors.get(key) ?? 0) + 1);
    if ((res.status !== 429 && res.status < 500) || Date.now() > giveUpAt) {
      throw new Error(`list documents: ${res.status} ${JSON.stringify(body)}`);
    }
    await sleep(res.status === 429 ? 1000 * Number(res.headers.get('retry-after') ?? 1) : POLL_MS);
  } while (cursor);
  return all;
}

interface Uploaded {
  file: CorpusFile;
  id?: string;
  /** Why the API refused the file (an answer the user gets at once, with a reason). */
  rejected?: string;
  /** A request that got no answer at all. */
  error?: string;
}

/**
 * One file per request: the API accepts up to UPLOAD_MAX_FILES per request, but all or none, so one
 * refused file would refuse its whole batch; a client uploading a folder sends files one by one, a few
 * at a time.
 */
async function upload(session: Session, file: CorpusFile): Promise<Uploaded> {
  for (;;) {
    const form = new FormData();
    form.append('file', new Blob([readFileSync(file.path)]), file.name);
    const res = await session
      .fetch('/api/v1/documents', { method: 'POST', body: form })
      .catch((err: unknown) => err as Error);
    if (res instanceof Error) return { file, error: `upload failed: ${res.message}` };
    const body = await json<{ id: string; items: { id: string }[] }>(res);
    if (res.status === 429) {
      await sleep(1000 * Number(res.headers.get('retry-after') ?? 1));
      continue;
    }
    if (res.status === 202 && body.id) return { file, id: body.id };
    const why = `upload_refused: ${res.status} ${body.message ?? JSON.stringify(body)}`.slice(0, 300);
    return res.status >= 400 && res.status < 500 ? { file, rejected: why } : { file, error: why };
  }
}

async function uploadAll(session: Session, files: CorpusFile[], concurrency: number): Promise<Uploaded[]> {
  const results: Uploaded[] = new Array(files.length);
  let next = 0;
  const lane = async () => {
    while (next < files.length) {
      const i = next++;
      results[i] = await upload(session, files[i]);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return results;
}

/**
 * Seconds spent per ingestion stage, summed over documents, from the processes' Prometheus metrics
 * (`ingestion_stage_duration_seconds`): where the time went. Concurrent jobs overlap, so the sum can
 * exceed the wall time.
 */
async function stageSeconds(urls: string[], token: string): Promise<Record<string, number>> {
  const stages: Record<string, number> = {};
  for (const url of urls) {
    const res = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${token}` } }).catch(() => undefined);
    if (res?.status !== 200) continue;
    for (const m of (await res.text()).matchAll(/^ingestion_stage_duration_seconds_sum\{stage="([^"]+)"\} (\S+)$/gm)) {
      stages[m[1]] = (stages[m[1]] ?? 0) + Number(m[2]);
    }
  }
  return stages;
}

/**
 * Ingests the files through DocQA's HTTP API as a user would: start the API (and a worker in server mode)
 * with production settings and the offline embedder, register, upload the files in multipart batches, and
 * poll the document list until every document is `ready` or `failed`. The time runs from the first upload
 * request to the moment the last document is seen done; the peak RSS is that of the API and worker process
 * trees (the embedded PGlite child included; the PostgreSQL and Redis servers not).
 */
export async function runDocqa(files: CorpusFile[], options: DocqaOptions): Promise<PipelineResult> {
  const { mode } = options;
  const dataDir = mkdtempSync(join(tmpdir(), `docqa-bench-ingest-${mode}-`));
  const cleanups: (() => Promise<void>)[] = [async () => rmSync(dataDir, { recursive: true, force: true })];
  let api: Proc | undefined;
  let worker: Proc | undefined;
  const metricsToken = randomBytes(24).toString('hex');
  let databaseName: string | undefined;
  try {
    const env: NodeJS.ProcessEnv = {
      NODE_ENV: 'production',
      JWT_SECRET: randomBytes(48).toString('base64'),
      ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      DATA_DIR: dataDir,
      EMBEDDING_PROVIDER: 'offline',
      LOG_LEVEL: 'warn',
      METRICS_TOKEN: metricsToken,
    };
    if (mode === 'server') {
      if (!options.databaseUrl || !options.redisUrl) throw new Error('server mode needs DATABASE_URL and REDIS_URL');
      const db = await createScratchDatabase(options.databaseUrl, 'bench_ingest');
      cleanups.push(db.drop);
      databaseName = new URL(db.url).pathname.slice(1);
      const prefix = `bench-ingest-${randomBytes(4).toString('hex')}`;
      cleanups.push(() => deleteRedisKeys(options.redisUrl!, prefix));
      Object.assign(env, { DATABASE_URL: db.url, REDIS_URL: options.redisUrl, REDIS_KEY_PREFIX: prefix });
    }
    const apiPort = await freePort();
    api = await startApp('apps/api/src/main.js', { ...env, PORT: String(apiPort) }, apiPort);
    if (mode === 'server') {
      const workerPort = await freePort();
      worker = await startApp(
        'apps/worker/src/main.js',
        { ...env, PORT: String(apiPort), WORKER_PORT: String(workerPort) },
        workerPort,
      );
    }
    const session = new Session(api.url);
    await session.register();
    const sampler = new RssSampler(() => [api?.child.pid ?? 0, worker?.child.pid ?? 0]).start();
    const cpu = new CpuMeter(() => [api?.child.pid ?? 0, worker?.child.pid ?? 0], databaseName).start();

    const t0 = Date.now();
    const clientCpuAt = process.cpuUsage();
    const uploaded = await uploadAll(session, files, options.uploadConcurrency ?? 4);
    const uploadedAt = Date.now();

    const ids = new Set(uploaded.flatMap((u) => (u.id ? [u.id] : [])));
    const deadline = t0 + (options.timeoutMs ?? 30 * 60_000);
    let docs = new Map<string, DocumentView>();
    const pollErrors: PollErrors = new Map();
    let doneAt = Date.now();
    let died: string | undefined;
    let stalled: string | undefined;
    let lastState = '';
    let lastChangeAt = Date.now();
    // Longer than any one document may take (PARSE_TIMEOUT_MS is 2 min by default), so a wait means a hang.
    const stallMs = options.stallMs ?? 5 * 60_000;
    const deadProcess = () =>
      [api, worker].find((p) => p && (p.child.exitCode !== null || p.child.signalCode !== null));
    for (;;) {
      try {
        docs = new Map((await listDocuments(session, pollErrors)).map((d) => [d.id, d]));
      } catch (err) {
        // A process that dies mid-run loses what it had not finished: the run ends and says so.
        await sleep(500);
        const dead = deadProcess();
        if (!dead) throw err;
        died = `${dead === api ? 'the API' : 'the worker'} died (${dead.child.exitCode ?? dead.child.signalCode})`;
        break;
      }
      doneAt = Date.now();
      const pending = [...ids].filter((id) => !TERMINAL.has(docs.get(id)?.status ?? ''));
      if (!pending.length || doneAt > deadline) break;
      const state = JSON.stringify(pending.map((id) => [docs.get(id)?.status, docs.get(id)?.updatedAt]));
      if (state !== lastState) [lastState, lastChangeAt] = [state, doneAt];
      if (doneAt - lastChangeAt > stallMs) {
        stalled = `no document moved for ${stallMs / 60_000} min`;
        break;
      }
      await sleep(POLL_MS);
    }
    const { peakBytes, beforeBytes, byProcess } = sampler.stop();
    const cpuSeconds = cpu.stop();
    const clientCpu = process.cpuUsage(clientCpuAt);
    // This bench's own uploading and polling, as a user's client would do: it shares the cores, outside the total.
    cpuSeconds['bench client'] = (clientCpu.user + clientCpu.system) / 1e6;
    const jobRetries = (api.retries() ?? 0) + (worker?.retries() ?? 0);
    const jobStages = await stageSeconds(worker ? [worker.url] : [api.url], metricsToken);
    // The poll sees the end up to POLL_MS late; the documents' own last update says when it was.
    const finishedAt = Math.max(...[...ids].map((id) => Date.parse(docs.get(id)?.updatedAt ?? '')));
    const endAt = finishedAt > t0 && finishedAt <= doneAt ? finishedAt : doneAt;

    const results: FileResult[] = uploaded.map((u) => {
      if (u.rejected) return { name: u.file.name, outcome: 'failed', units: 0, chunks: 0, detail: u.rejected };
      if (!u.id) return { name: u.file.name, outcome: 'lost', units: 0, chunks: 0, detail: u.error };
      const d = docs.get(u.id);
      if (!d || !TERMINAL.has(d.status)) {
        const detail = `${died ? `${died} while it was ` : stalled ? `stuck: ${stalled}, ` : 'still '}${d?.status ?? 'never listed'}`;
        return { name: u.file.name, outcome: 'lost', units: 0, chunks: 0, detail };
      }
      if (d.status === 'failed') {
        // A failure without a reason leaves the user as much in the dark as a lost document.
        return {
          name: u.file.name,
          outcome: d.failureReason ? 'failed' : 'lost',
          units: 0,
          chunks: 0,
          detail: d.failureReason ? `${d.failureReason}: ${d.failureMessage ?? ''}` : 'no reason',
        };
      }
      const chunks = d.chunkCount ?? 0;
      return {
        name: u.file.name,
        outcome: chunks > 0 ? 'ready' : 'empty',
        units: chunks > 0 ? creditedUnits(u.file, d.pageCount ?? undefined) : 0,
        chunks,
      };
    });
    return {
      pipeline: `DocQA ${mode}`,
      embedder: 'offline:hash-384-v1 (EMBEDDING_PROVIDER=offline)',
      seconds: (endAt - t0) / 1000,
      wallSeconds: (doneAt - t0) / 1000,
      peakRssBytes: peakBytes,
      files: results,
      stages: { uploadMs: uploadedAt - t0 },
      jobStageSeconds: jobStages,
      cpuSeconds,
      startupPeakRssBytes: beforeBytes,
      notes: [
        `highest RSS of each process (they peak at different times): ${Object.entries(byProcess)
          .map(
            ([label, p]) =>
              `${label}${p.processes > 1 ? ` x${p.processes}` : ''} ${(p.bytes / 2 ** 20).toFixed(0)} MiB`,
          )
          .join(', ')}`,
        `before the first upload (start-up${mode === 'embedded' ? ', PGlite creating its database' : ''}) the processes peaked at ${(beforeBytes / 2 ** 20).toFixed(0)} MiB; that is not counted`,
        ...(doneAt > deadline ? ['timed out waiting for documents'] : []),
        ...(stalled ? [`gave up waiting: ${stalled}`] : []),
        ...(died ? [`${died} during ingestion; its last output:\n${deadProcess()!.output().slice(-1500)}`] : []),
        ...(jobRetries ? [`${jobRetries} job run(s) failed and were retried (see the API/worker logs)`] : []),
        ...[...pollErrors].map(([answer, n]) => `GET /api/v1/documents answered ${answer} (${n} times) while polling`),
      ],
    };
  } catch (err) {
    const logs = [api, worker].map((p) => p?.output().slice(-3000)).filter(Boolean);
    if (err instanceof Error && logs.length) err.message += `\n--- DocQA output (tail) ---\n${logs.join('\n---\n')}`;
    throw err;
  } finally {
    await stopApp(worker);
    await stopApp(api);
    for (const c of cleanups.reverse()) await c().catch((e: unknown) => console.error('cleanup:', e));
  }
}
