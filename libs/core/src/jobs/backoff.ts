import { UnrecoverableJobError } from './job.errors';

/** Delay before run `attempt + 1` after run `attempt` failed: BullMQ's `exponential` backoff, without jitter. */
export function backoffDelay(backoffMs: number, attempt: number): number {
  if (attempt < 1) throw new RangeError(`attempt must be at least 1, got ${attempt}`);
  return Math.round(backoffMs * 2 ** (attempt - 1));
}

/** By name too: an error rebuilt after crossing a worker thread or process boundary loses its class. */
export function isUnrecoverable(error: unknown): boolean {
  return error instanceof UnrecoverableJobError || (error instanceof Error && error.name === 'UnrecoverableJobError');
}

export type RetryDecision = { retry: true; delayMs: number } | { retry: false };

/** What happens after run `attempt` (from 1) of a job allowed `maxAttempts` runs threw `error`. */
export function decideRetry(error: unknown, attempt: number, maxAttempts: number, backoffMs: number): RetryDecision {
  if (isUnrecoverable(error) || attempt >= maxAttempts) return { retry: false };
  return { retry: true, delayMs: backoffDelay(backoffMs, attempt) };
}
