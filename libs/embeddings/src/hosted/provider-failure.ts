import { EmbeddingsErrorCode, EmbeddingsException } from '../embeddings.errors';
import { l2NormaliseInPlace } from '../vector-math';

/** What went wrong with one call to a hosted provider, read from its SDK's error. */
export interface ProviderFailure {
  /** HTTP status, when the provider answered. */
  status?: number;
  /** The message in the provider's error body. */
  vendorMessage?: string;
  retryAfterSeconds?: number;
  timedOut?: boolean;
}

const MAX_VENDOR_MESSAGE = 300;

/** Anything key-shaped goes, the configured key first (vendors echo a masked key; we trust no echo). */
export function scrubSecrets(text: string, secret?: string): string {
  let out = secret ? text.split(secret).join('[redacted]') : text;
  out = out.replace(/\b(Bearer\s+)\S+/gi, '$1[redacted]').replace(/\b(sk|co|key)[-_][A-Za-z0-9_*-]{6,}/g, '[redacted]');
  return out.length > MAX_VENDOR_MESSAGE ? `${out.slice(0, MAX_VENDOR_MESSAGE)}...` : out;
}

/**
 * The typed error for a failed call: which provider, what happened, whether a retry may help, and a
 * `Retry-After` header when the provider gave one. The SDK error is kept as the cause (it holds the
 * response, never the request or its key).
 */
export function providerException(
  provider: string,
  failure: ProviderFailure,
  context: { secret?: string; timeoutMs: number; cause?: unknown },
): EmbeddingsException {
  const detail = failure.vendorMessage ? `: ${scrubSecrets(failure.vendorMessage, context.secret)}` : '';
  const options = { provider, cause: context.cause };
  const prefix = `${provider} embeddings failed`;
  const { status } = failure;
  if (failure.timedOut) {
    return new EmbeddingsException(
      EmbeddingsErrorCode.ProviderTimeout,
      `${prefix}: no answer within ${Math.round(context.timeoutMs / 100) / 10} s`,
      options,
    );
  }
  if (status === undefined) {
    return new EmbeddingsException(
      EmbeddingsErrorCode.ProviderFailed,
      `${prefix}: could not reach the API${detail}`,
      options,
    );
  }
  if (status === 401 || status === 403 || status === 498) {
    return new EmbeddingsException(
      EmbeddingsErrorCode.ProviderAuthFailed,
      `${prefix}: the API key was rejected (HTTP ${status})${detail}`,
      options,
    );
  }
  if (status === 429) {
    const headers = failure.retryAfterSeconds ? { 'Retry-After': String(failure.retryAfterSeconds) } : undefined;
    return new EmbeddingsException(
      EmbeddingsErrorCode.ProviderRateLimited,
      `${prefix}: rate limited (HTTP 429), retries exhausted${detail}`,
      { ...options, headers },
    );
  }
  if (status >= 500) {
    return new EmbeddingsException(
      EmbeddingsErrorCode.ProviderFailed,
      `${prefix}: server error (HTTP ${status})${detail}`,
      options,
    );
  }
  return new EmbeddingsException(
    EmbeddingsErrorCode.ProviderRejected,
    `${prefix}: request rejected (HTTP ${status})${detail}`,
    options,
  );
}

export function parseRetryAfter(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** Vendor vectors are unit length already; OpenAI-compatible servers' are not always. */
export function toUnitVector(values: ArrayLike<number>, provider: string): Float32Array {
  const v = Float32Array.from(values);
  if (!v.every(Number.isFinite) || !l2NormaliseInPlace(v)) {
    throw new EmbeddingsException(
      EmbeddingsErrorCode.ProviderFailed,
      `${provider} embeddings failed: a vector was empty or not finite`,
      { provider },
    );
  }
  return v;
}
