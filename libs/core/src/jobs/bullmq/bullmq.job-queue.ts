import { Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import { JobQueue } from '../job-queue';
import { resolveJobOptions } from '../job-options';
import { EnqueuedJob, JobCounts, JobName, JobOptions, JobPayloads, QUEUE_OF, QueueName } from '../job.types';
import { withDeadline } from '../../common/with-deadline';

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
