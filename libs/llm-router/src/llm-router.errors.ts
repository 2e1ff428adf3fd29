import { DomainException } from '@docqa/core';
import type { AttemptRecord } from './chat/chat-result';

export enum LlmRouterErrorCode {
  InvalidRequest = 'LLM_INVALID_REQUEST',
  InvalidChain = 'LLM_INVALID_CHAIN',
  /** The workspace has spent its monthly budget: a hard stop until the month ends or an admin raises it. */
  BudgetExceeded = 'LLM_BUDGET_EXCEEDED',
  /** Every step of the chain was skipped (not configured, circuit open) before any provider was called. */
  NoProviderAvailable = 'LLM_NO_PROVIDER_AVAILABLE',
  /** Every provider that was called failed before its first token. */
  ProvidersFailed = 'LLM_PROVIDERS_FAILED',
  /** The serving provider failed after the answer had started (no failover is possible then). */
  StreamInterrupted = 'LLM_STREAM_INTERRUPTED',
  /** The caller aborted the call. */
  Cancelled = 'LLM_CANCELLED',
  InvalidUsageQuery = 'LLM_INVALID_USAGE_QUERY',
}

const STATUS: Record<LlmRouterErrorCode, number> = {
  [LlmRouterErrorCode.InvalidRequest]: 400,
  [LlmRouterErrorCode.InvalidChain]: 400,
  [LlmRouterErrorCode.BudgetExceeded]: 402,
  [LlmRouterErrorCode.NoProviderAvailable]: 503,
  // Upstream failures: a gateway error, never the caller's fault.
  [LlmRouterErrorCode.ProvidersFailed]: 502,
  [LlmRouterErrorCode.StreamInterrupted]: 502,
  // nginx's "client closed request": nobody reads the answer, but logs and metrics tell it apart.
  [LlmRouterErrorCode.Cancelled]: 499,
  [LlmRouterErrorCode.InvalidUsageQuery]: 400,
};

export interface LlmRouterExceptionOptions {
  cause?: unknown;
  headers?: Record<string, string>;
  /** What each step of the chain did, for the caller's logs (never holds keys). */
  attempts?: AttemptRecord[];
}

/** Messages name providers, models and reasons; never a key or a vendor's raw payload. */
export class LlmRouterException extends DomainException<LlmRouterErrorCode> {
  readonly attempts: AttemptRecord[];

  constructor(code: LlmRouterErrorCode, message: string, options: LlmRouterExceptionOptions = {}) {
    super(code, message, { cause: options.cause, headers: options.headers });
    this.attempts = options.attempts ?? [];
  }

  get httpStatus(): number {
    return STATUS[this.code];
  }
}
