import type { AttemptOutcome } from '../chat/chat-result';

/** Failures that may pass if tried again: rate limits, server errors, timeouts, dropped connections. */
export function isRetryable(outcome: AttemptOutcome): boolean {
  return outcome === 'rate_limited' || outcome === 'server_error' || outcome === 'timeout' || outcome === 'connection';
}

/**
 * Failures that say the provider is unwell, and so count towards opening its circuit. A rejected request or
 * a bad key is the caller's or the workspace's problem, not the provider's.
 */
export function countsAgainstProvider(outcome: AttemptOutcome): boolean {
  return isRetryable(outcome) || outcome === 'interrupted';
}

export interface RetryOptions {
  baseMs: number;
  maxWaitMs: number;
}

/**
 * How long to wait before retry number `retry` (0 for the first retry), or null to fail over instead.
 * A provider's Retry-After is honoured as given; a longer one than `maxWaitMs` fails over at once, since
 * another provider can answer sooner. Otherwise exponential backoff with equal jitter: half the step fixed,
 * half random, so that clients that failed together do not retry together.
 */
export function retryDelayMs(
  retry: number,
  retryAfterMs: number | undefined,
  options: RetryOptions,
  random: () => number = Math.random,
): number | null {
  if (retryAfterMs !== undefined) return retryAfterMs <= options.maxWaitMs ? retryAfterMs : null;
  const step = Math.min(options.maxWaitMs, options.baseMs * 2 ** retry);
  return Math.round(step / 2 + random() * (step / 2));
}
