/** How a hosted embedder reaches its provider. The key is a secret: it goes to the SDK and nowhere else. */
export interface HostedEmbedderOptions {
  apiKey: string;
  /** API root; unset: the SDK's default. */
  baseUrl?: string;
  model: string;
  /** Output dimensions, for models that can shorten their vectors (part of the embedder id). */
  dimensions?: number;
  /** SDK retries on 408/409/429/5xx and connection errors, honouring Retry-After. */
  maxRetries?: number;
  /** Per attempt. */
  timeoutMs?: number;
}

export const HOSTED_DEFAULTS = { maxRetries: 3, timeoutMs: 60_000 } as const;

export const DIMENSION_PROBE_TEXT = 'dimension probe';
