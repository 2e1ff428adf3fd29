import { DataSource } from 'typeorm';
import { JobQueue } from '../job-queue';
import { resolveJobOptions } from '../job-options';
import { EnqueuedJob, JobCounts, JobName, JobOptions, JobPayloads, QUEUE_OF, QueueName } from '../job.types';
import { JobStore } from './job-store';
import { LocalWakeups } from './local-wakeups';

/** Jobs in the `jobs` table of the application database: durable across restarts, no Redis needed. */
export class InProcessJobQueue extends JobQueue {
  readonly driver = 'in-process' as const;
  private readonly store: JobStore;

  constructor(
    dataSource: DataSource,
    private readonly defaults: { attempts: number; backoffMs: number },
    private readonly wakeups: LocalWakeups,
  ) {
    super();
    this.store = new JobStore(dataSource);
  }

  async enqueue<N extends JobName>(name: N, payload: JobPayloads[N], options?: JobOptions): Promise<EnqueuedJob> {
    const queue = QUEUE_OF[name];
    const id = await this.store.insert(queue, name, payload, resolveJobOptions(this.defaults, options));
    this.wakeups.notify(queue);
    return { id };
  }

  counts(queue: QueueName): Promise<JobCounts> {
    return this.store.counts(queue);
  }

  ping(): Promise<void> {
    return this.store.ping();
  }

  /** Nothing to release: the database connection belongs to the database module. */
  async close(): Promise<void> {}
}
