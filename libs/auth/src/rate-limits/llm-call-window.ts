/** What one attempt to start an LLM call found in its workspace's window. */
export interface LlmCallWindowResult {
  /** The call was counted; false when the window already held `limit` calls. */
  allowed: boolean;
  /** Calls in the window after this attempt (a refused attempt is not counted). */
  count: number;
  /** Milliseconds until the oldest call in the window leaves it. */
  resetMs: number;
  /** When refused: milliseconds until a call would be accepted; 0 when allowed. */
  retryAfterMs: number;
}

/**
 * A sliding window of LLM calls per workspace: a call is counted only when fewer than `limit` calls
 * started in the last window, so a refused attempt costs nothing and a slot frees exactly when the call
 * that took it is a window old. Kept in Redis (shared by every api instance) or in memory.
 */
export interface LlmCallWindow {
  take(key: string, limit: number): Promise<LlmCallWindowResult>;
}
