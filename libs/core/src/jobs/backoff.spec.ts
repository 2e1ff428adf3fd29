import { backoffDelay, decideRetry } from './backoff';
import { UnrecoverableJobError } from './job.errors';

describe('backoffDelay', () => {
  it('doubles from the base delay with each failed run, like BullMQ exponential backoff', () => {
    expect([1, 2, 3, 4, 5].map((attempt) => backoffDelay(50, attempt))).toEqual([50, 100, 200, 400, 800]);
  });

  it('is zero when the base delay is zero', () => {
    expect(backoffDelay(0, 7)).toBe(0);
  });

  it('rounds to whole milliseconds', () => {
    expect(backoffDelay(0.75, 1)).toBe(1);
  });

  it('rejects an attempt number below 1', () => {
    expect(() => backoffDelay(50, 0)).toThrow(RangeError);
  });
});

describe('decideRetry', () => {
  it('retries with the backoff of the run that failed while runs remain', () => {
    expect(decideRetry(new Error('boom'), 1, 3, 50)).toEqual({ retry: true, delayMs: 50 });
    expect(decideRetry(new Error('boom'), 2, 3, 50)).toEqual({ retry: true, delayMs: 100 });
  });

  it('stops after the last run', () => {
    expect(decideRetry(new Error('boom'), 3, 3, 50)).toEqual({ retry: false });
  });

  it('stops beyond the last run (runs abandoned by dead processes)', () => {
    expect(decideRetry(new Error('boom'), 5, 3, 50)).toEqual({ retry: false });
  });

  it('never retries an unrecoverable error', () => {
    expect(decideRetry(new UnrecoverableJobError('corrupt file'), 1, 3, 50)).toEqual({ retry: false });
  });

  it('recognises an unrecoverable error by name when its class was lost crossing a thread boundary', () => {
    const rebuilt = Object.assign(new Error('corrupt file'), { name: 'UnrecoverableJobError' });
    expect(decideRetry(rebuilt, 1, 3, 50)).toEqual({ retry: false });
  });

  it('retries values thrown that are not errors', () => {
    expect(decideRetry('a string', 1, 2, 10)).toEqual({ retry: true, delayMs: 10 });
  });
});
