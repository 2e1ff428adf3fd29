import { countsAgainstProvider, isRetryable, retryDelayMs } from './retry-policy';

describe('retry policy', () => {
  const options = { baseMs: 100, maxWaitMs: 5_000 };

  it('retries rate limits, server errors, timeouts and dropped connections only', () => {
    expect(['rate_limited', 'server_error', 'timeout', 'connection'].every((o) => isRetryable(o as never))).toBe(true);
    for (const o of ['auth', 'rejected', 'cancelled', 'interrupted', 'circuit_open'] as const) {
      expect({ o, retryable: isRetryable(o) }).toEqual({ o, retryable: false });
    }
  });

  it('counts failures that say the provider is unwell against its circuit, not the caller’s faults', () => {
    expect(countsAgainstProvider('server_error')).toBe(true);
    expect(countsAgainstProvider('interrupted')).toBe(true);
    expect(countsAgainstProvider('auth')).toBe(false);
    expect(countsAgainstProvider('rejected')).toBe(false);
  });

  it('backs off exponentially with equal jitter: between half and all of each step', () => {
    expect(retryDelayMs(0, undefined, options, () => 0)).toBe(50);
    expect(retryDelayMs(0, undefined, options, () => 1)).toBe(100);
    expect(retryDelayMs(2, undefined, options, () => 0)).toBe(200);
    expect(retryDelayMs(2, undefined, options, () => 1)).toBe(400);
    expect(retryDelayMs(10, undefined, options, () => 1)).toBe(5_000);
  });

  it('waits what Retry-After asks, or fails over when that is longer than the longest wait', () => {
    expect(retryDelayMs(0, 3_000, options, () => 0.5)).toBe(3_000);
    expect(retryDelayMs(0, 0, options)).toBe(0);
    expect(retryDelayMs(0, 5_001, options)).toBeNull();
  });
});
