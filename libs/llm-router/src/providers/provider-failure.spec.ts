import { kindOfStatus, parseRetryAfterMs, scrubSecrets } from './provider-failure';

describe('provider failures', () => {
  it('reads Retry-After in seconds, as an HTTP date, and retry-after-ms first', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfterMs('2', null, now)).toBe(2000);
    expect(parseRetryAfterMs('0.5', null, now)).toBe(500);
    expect(parseRetryAfterMs('Thu, 01 Jan 2026 00:00:03 GMT', null, now)).toBe(3000);
    expect(parseRetryAfterMs('7', '1500', now)).toBe(1500);
    expect(parseRetryAfterMs(undefined, undefined, now)).toBeUndefined();
    expect(parseRetryAfterMs('soon', null, now)).toBeUndefined();
  });

  it('sorts statuses into what the router does with them', () => {
    expect([429, 408, 500, 503, 529, 401, 403, 400, 404, 422].map(kindOfStatus)).toEqual([
      'rate_limited',
      'timeout',
      'server_error',
      'server_error',
      'server_error',
      'auth',
      'auth',
      'rejected',
      'rejected',
      'rejected',
    ]);
  });

  it('removes the key in use and anything key-shaped from vendor messages', () => {
    const secret = 'my-very-own-provider-secret';
    const out = scrubSecrets(`Incorrect API key ${secret}; also Bearer abc.def and sk-proj-ABCDEFGHIJKLMNOP`, secret);
    expect(out).not.toContain(secret);
    expect(out).not.toContain('abc.def');
    expect(out).not.toContain('sk-proj-ABCDEFGHIJKLMNOP');
  });
});
