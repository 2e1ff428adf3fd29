import type { ChatRequest } from '../chat/chat-request';
import type { Citation, FinishReason } from '../chat/chat-result';

/** What one provider's stream says, in the router's terms. A `text` or `tool_call_start` is a "token". */
export type ProviderEvent =
  | { type: 'text'; text: string }
  | { type: 'tool_call_start'; index: number; id: string; name: string }
  | { type: 'tool_call_delta'; index: number; arguments: string }
  /** Counts as the provider reports them; a later report replaces an earlier one field by field. */
  | { type: 'usage'; inputTokens?: number; outputTokens?: number }
  | { type: 'finish'; reason: FinishReason }
  /** Citations the provider determined itself (the offline answerer, which quotes); others are read from `[id]`s. */
  | { type: 'citations'; citations: Citation[] };

export interface ProviderCall {
  request: ChatRequest;
  model: string;
  /** Aborts the HTTP request (timeouts, the caller leaving). */
  signal: AbortSignal;
  /** Called once the provider has answered with its response headers: the connect timeout ends there. */
  onResponse(): void;
}

export type FailureKind = 'rate_limited' | 'server_error' | 'timeout' | 'connection' | 'auth' | 'rejected';

/** A failed call, read from the SDK's error. */
export interface ProviderFailure {
  kind: FailureKind;
  status?: number;
  /** From Retry-After (or retry-after-ms), when the provider sent one. */
  retryAfterMs?: number;
  /** For people: the vendor's message with anything key-shaped removed. */
  message: string;
}

/** One provider behind the router's single streaming interface, through its own SDK. */
export interface ProviderAdapter {
  stream(call: ProviderCall): AsyncIterable<ProviderEvent>;
  /** Reads an error the SDK threw (not timeouts or cancellations of ours: the router knows those itself). */
  failure(err: unknown): ProviderFailure;
}
