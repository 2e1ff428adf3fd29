import { createServer } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Injectable, Provider, Type } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import {
  databaseFor,
  databaseModes,
  DatabaseMode,
  SERVER_REDIS_URL,
  testConfig,
  uniqueName,
} from '../../../../test/support/test-env';
import { DatabaseModule } from '../database';
import { JobHandler, JobProcessor } from './job-handler.decorator';
import { JobQueue } from './job-queue';
import { UnrecoverableJobError } from './job.errors';
import { JobContext, JobName, QueueName } from './job.types';
import { JobsModule, JobsModuleOptions } from './jobs.module';

/*
 * One contract, every driver: the in-process driver on each database mode this run covers (embedded
 * PGlite always, PostgreSQL with DATABASE_URL) and BullMQ on real Redis (with REDIS_URL). Handlers are
 * scripted per test through the payload's `documentId`, so one app serves a whole group of tests.
 */

const BACKOFF_MS = 150;

// Starting the embedded database takes seconds; jest ignores `testTimeout` in a project's configuration.

// ---------------------------------------------------------------------------------------------------
// Scripted handlers

interface Run {
  attempt: number;
  at: number;
  signal: AbortSignal;
}

class Script {
  readonly runs: Run[] = [];
  readonly failures: Array<{ ctx: JobContext; error: unknown }> = [];
  readonly finished: Array<{ attempt: number; at: number }> = [];

  constructor(readonly behaviour: (ctx: JobContext, run: number) => Promise<void>) {}
}

@Injectable()
class Scripts {
  private readonly scripts = new Map<string, Script>();

  add(
    behaviour: (ctx: JobContext, run: number) => Promise<void> = async () => {},
    key = uniqueName('doc'),
  ): { key: string; script: Script } {
    const script = new Script(behaviour);
    this.scripts.set(key, script);
    return { key, script };
  }

  async handle(key: string, ctx: JobContext): Promise<void> {
    // A job left over from an earlier process may start before the test has scripted it.
    await waitFor(`a script for ${key}`, () => this.scripts.has(key), 5_000);
    const script = this.scripts.get(key)!;
    script.runs.push({ attempt: ctx.attempt, at: performance.now(), signal: ctx.signal });
    await script.behaviour(ctx, script.runs.length);
    script.finished.push({ attempt: ctx.attempt, at: performance.now() });
  }

  failed(key: string, ctx: JobContext, error: unknown): void {
    this.scripts.get(key)?.failures.push({ ctx, error });
  }
}

@JobHandler(JobName.Ingest)
@Injectable()
class IngestHandler implements JobProcessor<JobName.Ingest> {
  constructor(private readonly scripts: Scripts) {}
  handle(ctx: JobContext<JobName.Ingest>): Promise<void> {
    return this.scripts.handle(ctx.payload.documentId, ctx);
  }
  onFailed(ctx: JobContext<JobName.Ingest>, error: unknown): void {
    this.scripts.failed(ctx.payload.documentId, ctx, error);
  }
}

@JobHandler(JobName.Reindex)
@Injectable()
class ReindexHandler implements JobProcessor<JobName.Reindex> {
  constructor(private readonly scripts: Scripts) {}
  handle(ctx: JobContext<JobName.Reindex>): Promise<void> {
    return this.scripts.handle(ctx.payload.collectionId, ctx);
  }
  onFailed(ctx: JobContext<JobName.Reindex>, error: unknown): void {
    this.scripts.failed(ctx.payload.collectionId, ctx, error);
  }
}

const ingest = (documentId: string) => ({ workspaceId: 'w1', documentId });

// ---------------------------------------------------------------------------------------------------
// Backends and apps

type Backend = { label: string; kind: 'in-process'; mode: DatabaseMode } | { label: string; kind: 'bullmq' };

const BACKENDS: Backend[] = [
  ...databaseModes().map((mode): Backend => ({
    label: `in-process driver on ${mode} database`,
    kind: 'in-process',
    mode,
  })),
  ...(SERVER_REDIS_URL ? [{ label: 'BullMQ driver on Redis', kind: 'bullmq' } as Backend] : []),
];

interface Env {
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

async function backendEnv(backend: Backend): Promise<Env> {
  if (backend.kind === 'in-process') return databaseFor(backend.mode);
  const prefix = uniqueName('jobs');
  return {
    env: { REDIS_URL: SERVER_REDIS_URL!, REDIS_KEY_PREFIX: prefix },
    cleanup: async () => {
      const redis = new Redis(SERVER_REDIS_URL!);
      try {
        const keys = await redis.keys(`${prefix}:*`);
        if (keys.length) await redis.del(...keys);
      } finally {
        redis.disconnect();
      }
    },
  };
}

interface App {
  module: TestingModule;
  queue: JobQueue;
  scripts: Scripts;
  close(): Promise<void>;
}

interface AppOptions {
  jobs?: Partial<JobsModuleOptions>;
  handlers?: Type[];
  /** Run against the migrated database before the job runner starts. */
  seedSql?: string[];
}

async function startApp(env: Record<string, string>, { jobs, handlers, seedSql = [] }: AppOptions = {}): Promise<App> {
  const config = testConfig({ JOB_BACKOFF_MS: String(BACKOFF_MS), ...env });
  const seed: Provider = {
    provide: 'SEED',
    useFactory: async (dataSource: DataSource) => {
      for (const sql of seedSql) await dataSource.query(sql);
    },
    inject: [DataSource],
  };
  const module = await Test.createTestingModule({
    imports: [
      ...(config.redis ? [] : [DatabaseModule.forRoot(config)]),
      JobsModule.forRoot(config, { runProcessors: true, ...jobs }),
    ],
    providers: [Scripts, ...(handlers ?? [IngestHandler, ReindexHandler]), ...(seedSql.length ? [seed] : [])],
  }).compile();
  module.useLogger(false);
  await module.init();
  return { module, queue: module.get(JobQueue), scripts: module.get(Scripts), close: () => module.close() };
}

async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Long enough for a wrongly scheduled retry to have happened: several backoff periods. */
const quietPeriod = () => sleep(BACKOFF_MS * 3);

// ---------------------------------------------------------------------------------------------------

describe.each(BACKENDS)('job contract: $label', (backend) => {
  let env: Env;
  let app: App;

  beforeAll(async () => {
    env = await backendEnv(backend);
    app = await startApp(env.env);
  });
  afterAll(async () => {
    await app?.close();
    await env?.cleanup();
  });

  it(`reports the ${backend.kind} driver and answers ping()`, async () => {
    expect(app.queue.driver).toBe(backend.kind);
    await expect(app.queue.ping()).resolves.toBeUndefined();
    await expect(app.queue.ping(QueueName.Evaluation)).resolves.toBeUndefined();
  });

  it('retries a failing job with exponential backoff: fails twice, succeeds on the third run', async () => {
    const { key, script } = app.scripts.add(async (_ctx, run) => {
      if (run < 3) throw new Error(`transient failure ${run}`);
    });
    await app.queue.enqueue(JobName.Ingest, ingest(key));
    await waitFor('the third run to finish', () => script.finished.length === 1);

    expect(script.runs.map((r) => r.attempt)).toEqual([1, 2, 3]);
    const gap1 = script.runs[1]!.at - script.runs[0]!.at;
    const gap2 = script.runs[2]!.at - script.runs[1]!.at;
    expect(gap1).toBeGreaterThanOrEqual(BACKOFF_MS);
    expect(gap2).toBeGreaterThanOrEqual(BACKOFF_MS * 2);
    expect(gap2).toBeGreaterThan(gap1);
    await quietPeriod();
    expect(script.runs).toHaveLength(3);
    expect(script.failures).toHaveLength(0);
  });

  it('fails at once on an UnrecoverableJobError and calls onFailed once with that error', async () => {
    const thrown = new UnrecoverableJobError('the file is corrupt');
    const { key, script } = app.scripts.add(async () => {
      throw thrown;
    });
    await app.queue.enqueue(JobName.Ingest, ingest(key));
    await waitFor('onFailed', () => script.failures.length > 0);
    await quietPeriod();

    expect(script.runs).toHaveLength(1);
    expect(script.failures).toHaveLength(1);
    expect(script.failures[0]!.error).toBe(thrown);
    expect(script.failures[0]!.ctx.attempt).toBe(1);
  });

  it('calls onFailed once, with the last error, when every attempt failed', async () => {
    const { key, script } = app.scripts.add(async (_ctx, run) => {
      throw new Error(`failure ${run}`);
    });
    await app.queue.enqueue(JobName.Ingest, ingest(key), { attempts: 2 });
    await waitFor('onFailed', () => script.failures.length > 0);
    await quietPeriod();

    expect(script.runs.map((r) => r.attempt)).toEqual([1, 2]);
    expect(script.failures).toHaveLength(1);
    expect((script.failures[0]!.error as Error).message).toBe('failure 2');
    expect(script.failures[0]!.ctx).toMatchObject({ attempt: 2, maxAttempts: 2, name: JobName.Ingest });
  });

  it('does not run a delayed job before its delay', async () => {
    const { key, script } = app.scripts.add();
    const enqueuedAt = performance.now();
    await app.queue.enqueue(JobName.Ingest, ingest(key), { delayMs: 500 });
    await waitFor('the delayed run', () => script.finished.length === 1);
    expect(script.runs[0]!.at - enqueuedAt).toBeGreaterThanOrEqual(500);
  });

  it('keeps one job per dedupe key while it is pending, and frees the key once it has run', async () => {
    const { key, script } = app.scripts.add();
    const dedupeKey = `ingest:${key}`;
    const first = await app.queue.enqueue(JobName.Ingest, ingest(key), { delayMs: 300, dedupeKey });
    const second = await app.queue.enqueue(JobName.Ingest, ingest(key), { delayMs: 300, dedupeKey });
    expect(second.id).toBe(first.id);
    await waitFor('the run', () => script.finished.length === 1);
    await quietPeriod();
    expect(script.runs).toHaveLength(1);

    const later = await app.queue.enqueue(JobName.Ingest, ingest(key), { dedupeKey });
    expect(later.id).not.toBe(first.id);
    await waitFor('the second run', () => script.finished.length === 2);
  });

  it('counts waiting and delayed jobs of a queue nobody consumes here', async () => {
    // This app has no handler for the evaluation queue, so its jobs stay where they were put.
    await app.queue.enqueue(JobName.Evaluate, { workspaceId: 'w1', runId: 'r1' });
    await app.queue.enqueue(JobName.Evaluate, { workspaceId: 'w1', runId: 'r2' }, { delayMs: 60_000 });
    expect(await app.queue.counts(QueueName.Evaluation)).toEqual({
      waiting: 1,
      active: 0,
      delayed: 1,
      completed: 0,
      failed: 0,
    });
  });

  it('counts active, completed and failed jobs', async () => {
    // The maintenance queue is used by this test only, so its counts start at zero.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const running = app.scripts.add(() => released);
    const failing = app.scripts.add(async () => {
      throw new UnrecoverableJobError('no such workspace');
    });
    const zero = { waiting: 0, active: 0, delayed: 0, completed: 0, failed: 0 };
    expect(await app.queue.counts(QueueName.Maintenance)).toEqual(zero);

    await app.queue.enqueue(JobName.Reindex, { workspaceId: 'w1', collectionId: running.key });
    await waitFor('the run to start', () => running.script.runs.length === 1);
    expect(await app.queue.counts(QueueName.Maintenance)).toEqual({ ...zero, active: 1 });

    release();
    await app.queue.enqueue(JobName.Reindex, { workspaceId: 'w1', collectionId: failing.key });
    await waitFor('one completed and one failed job', async () => {
      const c = await app.queue.counts(QueueName.Maintenance);
      return c.completed === 1 && c.failed === 1;
    });
    expect(await app.queue.counts(QueueName.Maintenance)).toEqual({ ...zero, completed: 1, failed: 1 });
  });
});

describe.each(BACKENDS)('shutting down and starting again: $label', (backend) => {
  let env: Env;
  beforeAll(async () => {
    env = await backendEnv(backend);
  });
  afterAll(async () => {
    await env?.cleanup();
  });

  it('close() waits for a running job; a job that outlives the drain deadline is aborted and runs again after a restart', async () => {
    const first = await startApp(env.env, { jobs: { drainTimeoutMs: 700, abortGraceMs: 5_000 } });
    let quickDone = false;
    let quickAborted = false;
    const quick = first.scripts.add(async (ctx) => {
      await sleep(300);
      quickDone = true;
      quickAborted = ctx.signal.aborted;
    });
    const slow = first.scripts.add(
      (ctx) =>
        new Promise<void>((_, reject) =>
          ctx.signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true }),
        ),
    );
    await first.queue.enqueue(JobName.Ingest, ingest(quick.key));
    await first.queue.enqueue(JobName.Ingest, ingest(slow.key));
    await waitFor('both jobs to start', () => quick.script.runs.length === 1 && slow.script.runs.length === 1);

    const closing = performance.now();
    await first.close();
    expect(quickDone).toBe(true);
    expect(quickAborted).toBe(false);
    expect(slow.script.runs[0]!.signal.aborted).toBe(true);
    expect(performance.now() - closing).toBeGreaterThanOrEqual(650);

    // A new process (same database or Redis) finds the finished job finished and the aborted one waiting.
    const second = await startApp(env.env, { jobs: { runProcessors: false } });
    try {
      expect(await second.queue.counts(QueueName.Ingestion)).toEqual({
        waiting: 1,
        active: 0,
        delayed: 0,
        completed: 1,
        failed: 0,
      });
    } finally {
      await second.close();
    }

    const third = await startApp(env.env);
    try {
      const rerun = third.scripts.add(async () => {}, slow.key);
      await waitFor('the aborted job to run again', () => rerun.script.finished.length === 1);
      // The aborted run counts: a job that never finishes cannot keep a worker busy forever.
      expect(rerun.script.runs[0]!.attempt).toBe(2);
    } finally {
      await third.close();
    }
  });
});

describe.each(BACKENDS.filter((b) => b.kind === 'in-process'))('stalled jobs: $label', (backend) => {
  let env: Env;
  beforeAll(async () => {
    env = await backendEnv(backend);
  });
  afterAll(async () => {
    await env?.cleanup();
  });

  it('puts a job left active by a dead process back in the queue on startup, and runs it', async () => {
    const documentId = uniqueName('doc');
    const deadProcessRow = `
      INSERT INTO jobs (queue, name, payload, status, attempts_made, max_attempts, backoff_ms, locked_by, locked_at)
      VALUES ('ingestion', 'ingest', '{"workspaceId":"w1","documentId":"${documentId}"}', 'active', 0, 3, ${BACKOFF_MS},
              'dead-host:4242:deadbeef', now() - interval '1 hour')`;
    const app = await startApp(env.env, { handlers: [IngestHandler], seedSql: [deadProcessRow] });
    try {
      const { script } = app.scripts.add(async () => {}, documentId);
      await waitFor('the recovered job to run', () => script.finished.length === 1);
      expect(script.runs[0]!.attempt).toBe(2);
      await waitFor(
        'the job to be recorded as completed',
        async () => (await app.queue.counts(QueueName.Ingestion)).completed === 1,
      );
      expect(await app.queue.counts(QueueName.Ingestion)).toEqual({
        waiting: 0,
        active: 0,
        delayed: 0,
        completed: 1,
        failed: 0,
      });
    } finally {
      await app.close();
    }
  });
});

const describeBullMq = SERVER_REDIS_URL ? describe : describe.skip;

describeBullMq('BullMQ driver with Redis unreachable', () => {
  it('ping() rejects', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const app = await startApp(
      { REDIS_URL: `redis://127.0.0.1:${port}`, REDIS_KEY_PREFIX: uniqueName('jobs'), READY_CHECK_TIMEOUT_MS: '300' },
      { jobs: { runProcessors: false } },
    );
    try {
      await expect(app.queue.ping()).rejects.toThrow(/did not answer within 300 ms/);
    } finally {
      await app.close();
    }
  });
});
