import type { FailureKind, ProviderFailure } from './provider-adapter';

const MAX_MESSAGE = 300;

/** Anything key-shaped goes, the key in use first (vendors echo a masked key; no echo is trusted). */
export function scrubSecrets(text: string, secret?: string): string {
  let out = secret ? text.split(secret).join('[redacted]') : text;
  out = out
    .replace(/\b(Bearer\s+)\S+/gi, '$1[redacted]')
    .replace(/\b(sk|gsk|co|key|AIza)[-_]?[A-Za-z0-9_*-]{12,}/g, '[redacted]');
  return out.length > MAX_MESSAGE ? `${out.slice(0, MAX_MESSAGE)}...` : out;
}

export function kindOfStatus(status: number): FailureKind {
  if (status === 429) return 'rate_limited';
  if (status === 408) return 'timeout';
  // 529: Anthropic's "overloaded".
  if (status >= 500) return 'server_error';
  if (status === 401 || status === 403 || status === 498) return 'auth';
  return 'rejected';
}

/** Retry-After in seconds or as an HTTP date, or OpenAI's retry-after-ms; milliseconds. */
export function parseRetryAfterMs(
  retryAfter: string | null | undefined,
  retryAfterMs?: string | null,
  now = Date.now(),
): number | undefined {
  if (retryAfterMs) {
    const ms = Number(retryAfterMs);
    if (Number.isFinite(ms) && ms >= 0) return Math.ceil(ms);
  }
  if (!retryAfter) return undefined;
  const seconds = Number(retryAfter);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
  const date = Date.parse(retryAfter);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

interface HeadersLike {
  get(name: string): string | null;
}

/** A failure from an HTTP status, the response headers and the vendor's message. */
export function httpFailure(
  provider: string,
  status: number,
  headers: HeadersLike | undefined,
  vendorMessage: string | undefined,
  secret?: string,
): ProviderFailure {
  const detail = vendorMessage ? `: ${scrubSecrets(vendorMessage, secret)}` : '';
  return {
    kind: kindOfStatus(status),
    status,
    retryAfterMs: parseRetryAfterMs(headers?.get('retry-after'), headers?.get('retry-after-ms')),
    message: `${provider} answered HTTP ${status}${detail}`,
  };
}

/** A failure without an HTTP answer: refused or reset connections, DNS, a body cut off mid-stream. */
export function connectionFailure(provider: string, err: unknown, secret?: string): ProviderFailure {
  const cause = (err as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  const code = typeof cause?.code === 'string' ? ` (${cause.code})` : '';
  const message = err instanceof Error ? err.message : String(err);
  return { kind: 'connection', message: `${provider} connection failed${code}: ${scrubSecrets(message, secret)}` };
}

/**
 * Errors of the Stainless-generated SDKs (openai, groq-sdk, @anthropic-ai/sdk) share their shape: `status`,
 * `headers` and the parsed body in `error`; connection failures have no status.
 */
export function stainlessFailure(provider: string, err: unknown, secret?: string): ProviderFailure {
  const e = err as { status?: unknown; headers?: HeadersLike; error?: unknown; message?: unknown } | undefined;
  if (typeof e?.status === 'number') {
    const body = e.error as { message?: unknown; error?: { message?: unknown } } | undefined;
    const vendor = body?.error?.message ?? body?.message;
    return httpFailure(provider, e.status, e.headers, typeof vendor === 'string' ? vendor : undefined, secret);
  }
  return connectionFailure(provider, err, secret);
}
