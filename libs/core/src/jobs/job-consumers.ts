import { JobName, QueueName } from './job.types';

/** One run of a job, as a driver hands it to the runner. */
export interface ClaimedJob {
  id: string;
  name: JobName;
  queue: QueueName;
  payload: unknown;
  /** This run's number, from 1; above `maxAttempts` when earlier runs were abandoned. */
  attempt: number;
  maxAttempts: number;
  backoffMs: number;
}

/** What the driver records after a run. */
export type RunOutcome =
  | { kind: 'completed' }
  | { kind: 'retry'; delayMs: number; error: unknown }
  | { kind: 'failed'; error: unknown }
  /** Stopped by shutdown: back to the queue at once, the run counted as made. */
  | { kind: 'interrupted' };

export type RunJob = (job: ClaimedJob, signal: AbortSignal) => Promise<RunOutcome>;

export interface StartedConsumer {
  /**
   * Stops taking jobs, waits up to `drainMs` for running ones, then aborts their signal and waits up to
   * `abortGraceMs` more. A job still running after that is abandoned: its lease or lock expires and
   * another process picks it up.
   */
  stop(drainMs: number, abortGraceMs: number): Promise<void>;
}

/** The consuming half of a driver (internal: stage code only sees `JobQueue` and `@JobHandler`). */
export abstract class JobConsumers {
  abstract start(queue: QueueName, run: RunJob, concurrency: number): Promise<StartedConsumer>;
}
