import { setTimeout as sleep } from 'node:timers/promises';
import { AuthErrorCode, AuthException } from '@docqa/auth';

/** Waits for the workspace's LLM rate limit at most this many times per call before giving up. */
const MAX_WAITS = 10;
const MAX_WAIT_MS = 60_000;

export function isLlmRateLimited(err: unknown): err is AuthException {
  return err instanceof AuthException && err.code === AuthErrorCode.LlmRateLimited;
}

/**
 * Runs `call`, waiting out the workspace's LLM rate limit (its Retry-After) when the call is refused by it:
 * an evaluation run is a batch that may take longer, not a user who should see a 429.
 */
export async function waitingOutRateLimit<T>(call: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  for (let waits = 0; ; waits++) {
    try {
      return await call();
    } catch (err) {
      if (!isLlmRateLimited(err) || waits >= MAX_WAITS) throw err;
      const seconds = Number(err.headers['Retry-After']);
      await sleep(Math.min(MAX_WAIT_MS, Math.max(1, Number.isFinite(seconds) ? seconds : 1) * 1000), undefined, {
        signal,
      });
    }
  }
}
