import { DomainException } from '@docqa/core';

export enum EmbeddingsErrorCode {
  /** The id names no provider we know, or a malformed model. */
  UnknownEmbedder = 'UNKNOWN_EMBEDDER',
  /** Known, but not usable now: local model files absent or broken, hosted provider without a key. */
  EmbedderUnavailable = 'EMBEDDER_UNAVAILABLE',
  ProviderAuthFailed = 'EMBEDDING_PROVIDER_AUTH_FAILED',
  ProviderRateLimited = 'EMBEDDING_PROVIDER_RATE_LIMITED',
  ProviderTimeout = 'EMBEDDING_PROVIDER_TIMEOUT',
  /** The provider refused the request itself (4xx other than auth and rate limits): retrying will not help. */
  ProviderRejected = 'EMBEDDING_PROVIDER_REJECTED',
  /** Server errors, connection failures, malformed answers. */
  ProviderFailed = 'EMBEDDING_PROVIDER_FAILED',
}

const STATUS: Record<EmbeddingsErrorCode, number> = {
  [EmbeddingsErrorCode.UnknownEmbedder]: 400,
  [EmbeddingsErrorCode.EmbedderUnavailable]: 503,
  // Our credentials, not the caller's: a gateway error, not a 401 to the API user.
  [EmbeddingsErrorCode.ProviderAuthFailed]: 502,
  [EmbeddingsErrorCode.ProviderRateLimited]: 503,
  [EmbeddingsErrorCode.ProviderTimeout]: 504,
  [EmbeddingsErrorCode.ProviderRejected]: 502,
  [EmbeddingsErrorCode.ProviderFailed]: 502,
};

const RETRYABLE = new Set<EmbeddingsErrorCode>([
  EmbeddingsErrorCode.ProviderRateLimited,
  EmbeddingsErrorCode.ProviderTimeout,
  EmbeddingsErrorCode.ProviderFailed,
]);

export interface EmbeddingsExceptionOptions {
  cause?: unknown;
  headers?: Record<string, string>;
  /** `offline`, `local`, `openai`, `cohere`: which provider failed. */
  provider?: string;
}

/** Messages name the provider and the reason, never a key, a path on this machine or a vendor's raw payload. */
export class EmbeddingsException extends DomainException<EmbeddingsErrorCode> {
  readonly provider?: string;

  constructor(code: EmbeddingsErrorCode, message: string, options: EmbeddingsExceptionOptions = {}) {
    super(code, message, { cause: options.cause, headers: options.headers });
    this.provider = options.provider;
  }

  get httpStatus(): number {
    return STATUS[this.code];
  }

  /** Whether the same call may succeed later (a job retries these; the others fail the job at once). */
  get retryable(): boolean {
    return RETRYABLE.has(this.code);
  }
}
