import { Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import Redis from 'ioredis';
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
import { JobsModule } from './jobs.module';

/*
 * The ops side of the job interface (failed jobs, retry, clean), the same contract for every driver: the
 * in-process driver on each database mode of this run and BullMQ on real Redis (with REDIS_URL).
 */

/** Per job (keyed by documentId): whether its next run fails, and the attempts it ran with. */
@Injectable()
class Outcomes {
  readonly failing = new Set<string>();
  readonly runs = new Map<string, number[]>();
}

@JobHandler(JobName.Ingest)
@Injectable()
class IngestHandler implements JobProcessor<JobName.Ingest> {
  constructor(private readonly outcomes: Outcomes) {}
  async handle(ctx: JobContext<JobName.Ingest>): Promise<void> {
    const key = ctx.payload.documentId;
    this.outcomes.runs.set(key, [...(this.outcomes.runs.get(key) ?? []), ctx.attempt]);
    if (this.outcomes.failing.has(key)) throw new UnrecoverableJobError(`broken input ${key}`);
  }
}

type Backend = { label: string; kind: 'in-process'; mode: DatabaseMode } | { label: string; kind: 'bullmq' };

const BACKENDS: Backend[] = [
  ...databaseModes().map((mode): Backend => ({
    label: `in-process driver on ${mode} database`,
    kind: 'in-process',
    mode,
  })),
  ...(SERVER_REDIS_URL ? [{ label: 'BullMQ driver on Redis', kind: 'bullmq' } as Backend] : []),
];

async function backendEnv(backend: Backend): Promise<{ env: Record<string, string>; cleanup(): Promise<void> }> {
  if (backend.kind === 'in-process') return databaseFor(backend.mode);
  const prefix = uniqueName('jobadmin');
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

async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe.each(BACKENDS)('job queue ops: $label', (backend) => {
  let env: { env: Record<string, string>; cleanup(): Promise<void> };
  let close: () => Promise<void>;
  let queue: JobQueue;
  let outcomes: Outcomes;

  beforeAll(async () => {
    env = await backendEnv(backend);
    const config = testConfig({ JOB_BACKOFF_MS: '20', ...env.env });
    const module = await Test.createTestingModule({
      imports: [
        ...(config.redis ? [] : [DatabaseModule.forRoot(config)]),
        JobsModule.forRoot(config, { runProcessors: true }),
      ],
      providers: [Outcomes, IngestHandler],
    }).compile();
    module.useLogger(false);
    await module.init();
    queue = module.get(JobQueue);
    outcomes = module.get(Outcomes);
    close = () => module.close();
  });
  afterAll(async () => {
    await close?.();
    await env?.cleanup();
  });

  /** Enqueues an ingest job that fails at once, and waits until the queue has recorded it as failed. */
  async function failedJob(): Promise<{ key: string; id: string }> {
    const key = uniqueName('doc');
    outcomes.failing.add(key);
    const { id } = await queue.enqueue(JobName.Ingest, { workspaceId: 'w1', documentId: key }, { attempts: 2 });
    await waitFor(`job ${key} to fail`, async () => {
      const page = await queue.failed(QueueName.Ingestion, { offset: 0, limit: 100 });
      return page.items.some((j) => j.id === id);
    });
    return { key, id };
  }

  it('lists failed jobs newest first, with the error of their last run, and the total', async () => {
    const first = await failedJob();
    const second = await failedJob();
    const page = await queue.failed(QueueName.Ingestion, { offset: 0, limit: 1 });
    expect(page.total).toBeGreaterThanOrEqual(2);
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({
      id: second.id,
      name: JobName.Ingest,
      queue: QueueName.Ingestion,
      payload: { workspaceId: 'w1', documentId: second.key },
      attemptsMade: 1,
      maxAttempts: 2,
    });
    expect(page.items[0].failedReason).toContain(`broken input ${second.key}`);
    expect(page.items[0].finishedAt).toBeInstanceOf(Date);
    const next = await queue.failed(QueueName.Ingestion, { offset: 1, limit: 1 });
    expect(next.items[0].id).toBe(first.id);
    expect(await queue.failed(QueueName.Evaluation, { offset: 0, limit: 10 })).toEqual({ items: [], total: 0 });
  });

  it('retries one failed job with a fresh set of runs; an unknown or live job is not retried', async () => {
    const { key, id } = await failedJob();
    outcomes.failing.delete(key);
    expect(await queue.retryFailed(QueueName.Ingestion, id)).toBe(true);
    await waitFor('the retried run', () => (outcomes.runs.get(key) ?? []).length === 2);
    // Run 1 failed; the retry starts again at attempt 1 instead of being refused as out of attempts.
    expect(outcomes.runs.get(key)).toEqual([1, 1]);
    await waitFor('the job to leave the failed list', async () => {
      const page = await queue.failed(QueueName.Ingestion, { offset: 0, limit: 100 });
      return !page.items.some((j) => j.id === id);
    });
    expect(await queue.retryFailed(QueueName.Ingestion, id)).toBe(false);
    expect(await queue.retryFailed(QueueName.Ingestion, '00000000-0000-4000-8000-000000000000')).toBe(false);
    expect(await queue.retryFailed(QueueName.Ingestion, 'not-a-job')).toBe(false);
    // The id exists, but in another queue.
    const other = await failedJob();
    expect(await queue.retryFailed(QueueName.Maintenance, other.id)).toBe(false);
  });

  it('retries every failed job of a queue and says how many', async () => {
    const before = await queue.failed(QueueName.Ingestion, { offset: 0, limit: 1000 });
    const jobs = [await failedJob(), await failedJob()];
    for (const job of [
      ...before.items.map((j) => (j.payload as { documentId: string }).documentId),
      ...jobs.map((j) => j.key),
    ]) {
      outcomes.failing.delete(job);
    }
    const retried = await queue.retryAllFailed(QueueName.Ingestion);
    expect(retried).toBe(before.total + 2);
    for (const job of jobs) await waitFor(`rerun of ${job.key}`, () => outcomes.runs.get(job.key)?.length === 2);
    await waitFor('no failed jobs left', async () => (await queue.counts(QueueName.Ingestion)).failed === 0);
    expect(await queue.retryAllFailed(QueueName.Ingestion)).toBe(0);
  });

  it('cleans finished jobs older than the given age, of the given state only', async () => {
    await failedJob();
    await waitFor('completed jobs', async () => (await queue.counts(QueueName.Ingestion)).completed > 0);
    const counts = await queue.counts(QueueName.Ingestion);
    expect(counts.failed).toBe(1);
    // Nothing finished an hour ago.
    expect(await queue.clean(QueueName.Ingestion, 'completed', 3_600_000)).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await queue.clean(QueueName.Ingestion, 'completed', 0)).toBe(counts.completed);
    expect(await queue.counts(QueueName.Ingestion)).toMatchObject({ completed: 0, failed: 1 });
    expect(await queue.clean(QueueName.Ingestion, 'failed', 0)).toBe(1);
    expect(await queue.counts(QueueName.Ingestion)).toMatchObject({ completed: 0, failed: 0 });
  });
});
