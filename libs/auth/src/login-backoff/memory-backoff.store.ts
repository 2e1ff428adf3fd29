import { BackoffPolicy, BackoffStore, lockDurationMs } from './backoff.store';

interface Entry {
  failures: number;
  lockedUntil: number;
  forgetAt: number;
}

/** One process's counters (embedded mode, or no Redis). Expired entries are dropped as they are met. */
export class MemoryBackoffStore implements BackoffStore {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number = Date.now) {}

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.forgetAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  async lockedFor(key: string): Promise<number> {
    const entry = this.live(key);
    return entry ? Math.max(0, entry.lockedUntil - this.now()) : 0;
  }

  async recordFailure(key: string, policy: BackoffPolicy): Promise<number> {
    const now = this.now();
    const entry = this.live(key) ?? { failures: 0, lockedUntil: 0, forgetAt: 0 };
    entry.failures += 1;
    const lock = lockDurationMs(entry.failures, policy);
    if (lock > 0) entry.lockedUntil = now + lock;
    entry.forgetAt = Math.max(entry.lockedUntil, now) + policy.maxMs;
    this.entries.set(key, entry);
    if (this.entries.size > 100_000) this.sweep();
    return lock;
  }

  async reset(key: string): Promise<void> {
    this.entries.delete(key);
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) if (entry.forgetAt <= now) this.entries.delete(key);
  }
}
