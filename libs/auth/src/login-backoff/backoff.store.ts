/** Failure counters with lock windows, kept in Redis (shared by every api instance) or in memory. */
export interface BackoffStore {
  /** Milliseconds the key stays locked, or 0. */
  lockedFor(key: string): Promise<number>;
  /**
   * Counts one failure; once `threshold` is reached the key is locked for `baseMs * 2^(failures - threshold)`
   * (at most `maxMs`). Counters are forgotten `maxMs` after the last lock ends. Returns the new lock in ms, or 0.
   */
  recordFailure(key: string, policy: BackoffPolicy): Promise<number>;
  reset(key: string): Promise<void>;
}

export interface BackoffPolicy {
  threshold: number;
  baseMs: number;
  maxMs: number;
}

export function lockDurationMs(failures: number, policy: BackoffPolicy): number {
  if (failures < policy.threshold) return 0;
  const doublings = Math.min(failures - policy.threshold, 30);
  return Math.min(policy.maxMs, policy.baseMs * 2 ** doublings);
}
