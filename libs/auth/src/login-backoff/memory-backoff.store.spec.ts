import { lockDurationMs } from './backoff.store';
import { MemoryBackoffStore } from './memory-backoff.store';

const policy = { threshold: 3, baseMs: 1000, maxMs: 8000 };

describe('login backoff', () => {
  it('locks from the threshold on, doubling per failure up to the maximum', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 50].map((n) => lockDurationMs(n, policy))).toEqual([
      0, 0, 1000, 2000, 4000, 8000, 8000, 8000,
    ]);
  });

  it('keeps a lock until it ends and forgets failures a maximum window after the last lock', async () => {
    let now = 0;
    const store = new MemoryBackoffStore(() => now);
    expect(await store.recordFailure('k', policy)).toBe(0);
    expect(await store.recordFailure('k', policy)).toBe(0);
    expect(await store.lockedFor('k')).toBe(0);
    expect(await store.recordFailure('k', policy)).toBe(1000);
    now = 400;
    expect(await store.lockedFor('k')).toBe(600);
    expect(await store.lockedFor('other')).toBe(0);
    now = 1000;
    expect(await store.lockedFor('k')).toBe(0);
    expect(await store.recordFailure('k', policy)).toBe(2000); // the count survived the lock
    now = 3000 + policy.maxMs; // the lock ended at 3000; a max window later the count is gone
    expect(await store.recordFailure('k', policy)).toBe(0);
  });

  it('resets a key', async () => {
    const store = new MemoryBackoffStore(() => 0);
    for (let i = 0; i < 3; i++) await store.recordFailure('k', policy);
    await store.reset('k');
    expect(await store.lockedFor('k')).toBe(0);
    expect(await store.recordFailure('k', policy)).toBe(0);
  });
});
