import { Logger } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import { JobQueue } from '../job-queue';
import { resolveJobOptions } from '../job-options';
import {
  EnqueuedJob,
  FailedJob,
  FailedJobPage,
  FinishedJobState,
  JobCounts,
  JobName,
  JobOptions,
  JobPayloads,
  QUEUE_OF,
  QueueName,
} from '../job.types';
import { withDeadline } from '../../common/with-deadline';

const RETRY_BATCH = 500;
const CLEAN_BATCH = 1000;

function toFailedJob(queue: QueueName, job: Job): FailedJob {
  // The last stack trace is the final run's error (name, message, stack), as the in-process driver stores it.
  const trace = job.stacktrace?.length ? job.stacktrace[job.stacktrace.length - 1] : undefined;
  return {
    id: String(job.id),
    name: job.name,
    queue,
    payload: job.data,
    failedReason: trace || job.failedReason || null,
    attemptsMade: job.attemptsStarted ?? job.attemptsMade,
    maxAttempts: job.opts.attempts ?? 1,
    createdAt: new Date(job.timestamp),
    finishedAt: job.finishedOn ? new Date(job.finishedOn) : null,
  };
}

/** Jobs in Redis through BullMQ; the queues themselves are created and closed by @nestjs/bullmq. */
export class BullMqJobQueue extends JobQueue {
  readonly driver = 'bullmq' as const;
  private readonly logger = new Logger('Jobs');
  private lastError = '';

  constructor(
    private readonly queues: ReadonlyMap<QueueName, Queue>,
    private readonly defaults: { attempts: number; backoffMs: number },
    private readonly pingTimeoutMs: number,
  ) {
    super();
    for (const queue of queues.values()) {
      // Without a listener an 'error' event would crash the process; readiness reports a down Redis instead.
      queue.on('error', (err: Error) => {
        if (err.message === this.lastError) return;
        this.lastError = err.message;
        this.logger.warn(`queue ${queue.name}: ${err.message}`);
      });
    }
  }

  private queue(name: QueueName): Queue {
    const queue = this.queues.get(name);
    if (!queue) throw new Error(`queue ${name} is not registered`);
    return queue;
  }

  async enqueue<N extends JobName>(name: N, payload: JobPayloads[N], options?: JobOptions): Promise<EnqueuedJob> {
    const o = resolveJobOptions(this.defaults, options);
    const job = await this.queue(QUEUE_OF[name]).add(name, payload, {
      attempts: o.attempts,
      backoff: { type: 'exponential', delay: o.backoffMs },
      delay: o.delayMs,
      // Deduplication (not a custom jobId) so a key is free again once its job has completed or failed.
      ...(o.dedupeKey === null ? {} : { deduplication: { id: o.dedupeKey } }),
    });
    return { id: String(job.id) };
  }

  async counts(name: QueueName): Promise<JobCounts> {
    const c = await this.queue(name).getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed');
    return {
      waiting: c.waiting ?? 0,
      active: c.active ?? 0,
      delayed: c.delayed ?? 0,
      completed: c.completed ?? 0,
      failed: c.failed ?? 0,
    };
  }

  async failed(name: QueueName, page: { offset: number; limit: number }): Promise<FailedJobPage> {
    const queue = this.queue(name);
    // BullMQ keeps failed jobs ordered by when they finished; newest first is its default order.
    const [jobs, total] = await Promise.all([
      queue.getFailed(page.offset, page.offset + page.limit - 1),
      queue.getFailedCount(),
    ]);
    return { items: jobs.filter((j): j is Job => !!j).map((j) => toFailedJob(name, j)), total };
  }

  async retryFailed(name: QueueName, id: string): Promise<boolean> {
    const job = await this.queue(name).getJob(id);
    if (!job || !(await job.isFailed())) return false;
    return this.retry(job);
  }

  async retryAllFailed(name: QueueName): Promise<number> {
    const queue = this.queue(name);
    let retried = 0;
    // Each retried job leaves the failed set, so the first page is always the next batch.
    for (;;) {
      const batch = (await queue.getFailed(0, RETRY_BATCH - 1)).filter((j): j is Job => !!j);
      if (!batch.length) return retried;
      const outcomes = await Promise.all(batch.map((job) => this.retry(job)));
      const moved = outcomes.filter(Boolean).length;
      retried += moved;
      // Jobs that could not move (retried by someone else meanwhile) would be fetched forever.
      if (moved === 0) return retried;
    }
  }

  async clean(name: QueueName, state: FinishedJobState, olderThanMs: number): Promise<number> {
    const queue = this.queue(name);
    let cleaned = 0;
    for (;;) {
      const ids = await queue.clean(olderThanMs, CLEAN_BATCH, state);
      cleaned += ids.length;
      if (ids.length < CLEAN_BATCH) return cleaned;
    }
  }

  /** A fresh set of runs: our attempt count is BullMQ's `attemptsStarted`, so both counters start again. */
  private async retry(job: Job): Promise<boolean> {
    try {
      await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
      return true;
    } catch (err) {
      // Retried or removed by another caller since it was read: nothing left to do for this one.
      this.logger.warn(`retry of job ${job.id} in ${job.queueName}: ${(err as Error).message}`);
      return false;
    }
  }

  async ping(queue?: QueueName): Promise<void> {
    const targets = queue ? [this.queue(queue)] : [...this.queues.values()];
    // A queue's first command waits for its connection, forever when Redis is down at startup: hence the deadline.
    await withDeadline(
      Promise.all(targets.map((q) => q.getJobCounts('waiting'))),
      this.pingTimeoutMs,
      'redis (job queue)',
    );
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}
