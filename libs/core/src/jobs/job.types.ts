/** The queues; each is consumed with its own concurrency, so a slow kind of work cannot starve another. */
export enum QueueName {
  Ingestion = 'ingestion',
  Maintenance = 'maintenance',
  Evaluation = 'evaluation',
}

export enum JobName {
  Ingest = 'ingest',
  Reindex = 'reindex',
  Evaluate = 'evaluate',
}

/** Every job belongs to exactly one queue, so callers name the job and never the queue. */
export const QUEUE_OF: Readonly<Record<JobName, QueueName>> = Object.freeze({
  [JobName.Ingest]: QueueName.Ingestion,
  [JobName.Reindex]: QueueName.Maintenance,
  [JobName.Evaluate]: QueueName.Evaluation,
});

/** The payload of each job. Payloads are stored as JSON: ids and plain values only, never entities. */
export interface JobPayloads {
  [JobName.Ingest]: { workspaceId: string; documentId: string };
  /** Re-embeds every chunk of a collection with its next embedder, then swaps all vectors at once. */
  [JobName.Reindex]: { workspaceId: string; collectionId: string };
  [JobName.Evaluate]: { workspaceId: string; runId: string };
}

export interface JobOptions {
  /** Total runs allowed, the first included. Default: JOB_ATTEMPTS. */
  attempts?: number;
  /** Base of the exponential backoff between runs. Default: JOB_BACKOFF_MS. */
  backoffMs?: number;
  /** The first run starts no earlier than this. */
  delayMs?: number;
  /**
   * While a job with this key is waiting, delayed or running in the same queue, enqueueing another
   * returns the existing job instead. Once it has completed or failed, the key is free again.
   */
  dedupeKey?: string;
}

export interface EnqueuedJob {
  id: string;
}

/** Jobs per state; `delayed` holds jobs scheduled for later, retries waiting out their backoff included. */
export interface JobCounts {
  waiting: number;
  active: number;
  delayed: number;
  completed: number;
  failed: number;
}

export interface JobContext<N extends JobName = JobName> {
  readonly id: string;
  readonly name: N;
  readonly queue: QueueName;
  readonly payload: JobPayloads[N];
  /** This run's number, from 1. Runs abandoned by a crashed or stopped process count too. */
  readonly attempt: number;
  readonly maxAttempts: number;
  /**
   * Aborted when the process shuts down and the job did not finish within the drain deadline. The job
   * then goes back to the queue; a handler should stop soon and leave its work resumable.
   */
  readonly signal: AbortSignal;
}

/** A job that used up its runs (or failed at once), as the ops endpoints show it. */
export interface FailedJob {
  id: string;
  name: string;
  queue: QueueName;
  payload: unknown;
  /** The error of its last run: name, message and the top of the stack. */
  failedReason: string | null;
  attemptsMade: number;
  maxAttempts: number;
  createdAt: Date;
  finishedAt: Date | null;
}

export interface FailedJobPage {
  /** Most recently failed first. */
  items: FailedJob[];
  /** Failed jobs in the queue, beyond this page too. */
  total: number;
}

/** Finished jobs the ops endpoints may delete. */
export type FinishedJobState = 'completed' | 'failed';
