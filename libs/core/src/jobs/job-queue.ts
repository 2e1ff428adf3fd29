import {
  EnqueuedJob,
  FailedJobPage,
  FinishedJobState,
  JobCounts,
  JobName,
  JobOptions,
  JobPayloads,
  QueueName,
} from './job.types';

/**
 * The one job interface of DocQA, and its DI token. `JobsModule` binds it to the BullMQ driver when
 * REDIS_URL is set and to the in-process driver (the `jobs` table) otherwise; both give the same retry,
 * backoff, delay and deduplication semantics.
 */
export abstract class JobQueue {
  abstract readonly driver: 'bullmq' | 'in-process';

  /** Stores the job durably and returns once it is stored; it runs later, in whichever process consumes its queue. */
  abstract enqueue<N extends JobName>(name: N, payload: JobPayloads[N], options?: JobOptions): Promise<EnqueuedJob>;

  abstract counts(queue: QueueName): Promise<JobCounts>;

  /** The queue's failed jobs, most recently failed first, with the error of each one's last run. */
  abstract failed(queue: QueueName, page: { offset: number; limit: number }): Promise<FailedJobPage>;

  /**
   * Puts one failed job back in the queue with a fresh set of runs. False when the queue holds no failed
   * job with that id (never failed, already retried, or cleaned).
   */
  abstract retryFailed(queue: QueueName, id: string): Promise<boolean>;

  /** Puts every failed job of the queue back, each with a fresh set of runs; returns how many. */
  abstract retryAllFailed(queue: QueueName): Promise<number>;

  /** Deletes the queue's completed or failed jobs that finished more than `olderThanMs` ago; returns how many. */
  abstract clean(queue: QueueName, state: FinishedJobState, olderThanMs: number): Promise<number>;

  /**
   * Resolves when the backend of `queue` (default: of every queue) answers, rejects when it is
   * unreachable; for readiness, one indicator per queue or one for all.
   */
  abstract ping(queue?: QueueName): Promise<void>;

  /** Releases the backend connections; consumers are stopped by the runner, not here. */
  abstract close(): Promise<void>;
}
