import { EmbeddingsErrorCode } from '../embeddings.errors';
import { parseRetryAfter, providerException, scrubSecrets } from './provider-failure';
import { truncateToTokens } from './token-limit';

describe('provider failures', () => {
  it('never repeat a key: the configured one, bearer tokens, or anything key-shaped', () => {
    const key = 'my-secret-key-value';
    expect(scrubSecrets(`bad key ${key} given`, key)).toBe('bad key [redacted] given');
    expect(scrubSecrets('Authorization: Bearer abc.def.ghi')).toBe('Authorization: Bearer [redacted]');
    expect(scrubSecrets('Incorrect API key provided: sk-proj-abc123def456.')).toBe(
      'Incorrect API key provided: [redacted].',
    );
    expect(scrubSecrets('x'.repeat(1000))).toHaveLength(303);
  });

  it('map statuses to codes a caller can act on', () => {
    const code = (status?: number, timedOut?: boolean) =>
      providerException('openai', { status, timedOut }, { timeoutMs: 1000 }).code;
    expect(code(401)).toBe(EmbeddingsErrorCode.ProviderAuthFailed);
    expect(code(403)).toBe(EmbeddingsErrorCode.ProviderAuthFailed);
    expect(code(429)).toBe(EmbeddingsErrorCode.ProviderRateLimited);
    expect(code(400)).toBe(EmbeddingsErrorCode.ProviderRejected);
    expect(code(404)).toBe(EmbeddingsErrorCode.ProviderRejected);
    expect(code(500)).toBe(EmbeddingsErrorCode.ProviderFailed);
    expect(code(undefined)).toBe(EmbeddingsErrorCode.ProviderFailed);
    expect(code(undefined, true)).toBe(EmbeddingsErrorCode.ProviderTimeout);
  });

  it('read Retry-After in seconds or as a date', () => {
    expect(parseRetryAfter('3')).toBe(3);
    expect(parseRetryAfter('0.2')).toBe(1);
    expect(parseRetryAfter(new Date(Date.now() + 10_000).toUTCString())).toBeGreaterThanOrEqual(9);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});

describe('truncateToTokens', () => {
  it('leaves texts that cannot exceed the limit alone', () => {
    const text = 'word '.repeat(1000);
    expect(truncateToTokens(text, 8191)).toBe(text);
  });

  it('cuts longer texts to at most that many UTF-8 bytes, between characters', () => {
    const cut = truncateToTokens('a€'.repeat(5000), 8191);
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(8191);
    expect(Buffer.byteLength(cut)).toBeGreaterThan(8186);
    expect(cut).not.toContain('\ufffd');
    expect('a€'.repeat(5000).startsWith(cut)).toBe(true);
  });
});
