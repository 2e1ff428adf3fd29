import { performance } from 'node:perf_hooks';
import type { LlmCallWindow, LlmCallWindowResult } from './llm-call-window';

/** Above this many tracked workspaces, idle ones are dropped. */
const SWEEP_ABOVE = 10_000;

/**
 * One process's windows (embedded mode, or no Redis), on a monotonic clock so the start times stay sorted,
 * in whole milliseconds: with fractional ones, `(t + window) - t` can round above the window.
 */
export class MemoryLlmCallWindow implements LlmCallWindow {
  /** Start times of the calls in each workspace's window, oldest first. */
  private readonly calls = new Map<string, number[]>();

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number = () => Math.floor(performance.now()),
  ) {}

  async take(key: string, limit: number): Promise<LlmCallWindowResult> {
    const now = this.now();
    const calls = this.live(key, now);
    const allowed = calls.length < limit;
    if (allowed) calls.push(now);
    if (calls.length) this.calls.set(key, calls);
    if (this.calls.size > SWEEP_ABOVE) this.sweep(now);
    return {
      allowed,
      count: calls.length,
      resetMs: calls.length ? calls[0] + this.windowMs - now : 0,
      retryAfterMs: allowed ? 0 : calls[calls.length - limit] + this.windowMs - now,
    };
  }

  private live(key: string, now: number): number[] {
    const calls = this.calls.get(key) ?? [];
    let expired = 0;
    while (expired < calls.length && calls[expired] <= now - this.windowMs) expired++;
    if (expired) calls.splice(0, expired);
    if (!calls.length) this.calls.delete(key);
    return calls;
  }

  private sweep(now: number): void {
    for (const [key, calls] of this.calls) {
      if (calls[calls.length - 1] <= now - this.windowMs) this.calls.delete(key);
    }
  }
}
