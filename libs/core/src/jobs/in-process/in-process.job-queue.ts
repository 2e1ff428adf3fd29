import { DataSource } from 'typeorm';
import { JobQueue } from '../job-queue';
import { resolveJobOptions } from '../job-options';
import {
  EnqueuedJob,
  FailedJobPage,
  FinishedJobState,
  JobCounts,
  JobName,
  JobOptions,
  JobPayloads,
  QUEUE_OF,
  QueueName,
} from '../job.types';
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

  failed(queue: QueueName, page: { offset: number; limit: number }): Promise<FailedJobPage> {
    return this.store.failed(queue, page.offset, page.limit);
  }

  async retryFailed(queue: QueueName, id: string): Promise<boolean> {
    const retried = await this.store.retryFailed(queue, id);
    if (retried) this.wakeups.notify(queue);
    return retried > 0;
  }

  async retryAllFailed(queue: QueueName): Promise<number> {
    const retried = await this.store.retryFailed(queue, null);
    if (retried) this.wakeups.notify(queue);
    return retried;
  }

  clean(queue: QueueName, state: FinishedJobState, olderThanMs: number): Promise<number> {
    return this.store.clean(queue, state, olderThanMs);
  }

  ping(): Promise<void> {
    return this.store.ping();
  }

  /** Nothing to release: the database connection belongs to the database module. */
  async close(): Promise<void> {}
}
