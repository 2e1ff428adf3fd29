import type { LlmProviderId } from '@docqa/core';
import type { ToolCall } from './chat-request';

/** Whose key served a call: the workspace's own (vault), the platform's (config), or none (offline, keyless server). */
export type KeySource = 'workspace' | 'platform' | 'none';

export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'error';

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  /** True when the provider reported no usage and the counts were estimated from the text. */
  estimated: boolean;
}

/** A passage the answer cites (`[id]` in the text). */
export interface Citation {
  documentId: string;
  /** The sentence quoted from the passage, when the answerer quotes (the offline answerer does). */
  quote?: string;
}

/** What happened at one step of the chain: every attempt, skipped steps included, in order. */
export interface AttemptRecord {
  provider: LlmProviderId;
  model: string;
  /** `ok`, or why the attempt failed or the step was skipped. */
  outcome: AttemptOutcome;
  /** HTTP status the provider answered, when it did. */
  status?: number;
  message?: string;
  latencyMs: number;
}

export type AttemptOutcome =
  | 'ok'
  | 'rate_limited'
  | 'server_error'
  | 'timeout'
  | 'connection'
  | 'auth'
  | 'rejected'
  | 'interrupted'
  | 'cancelled'
  | 'circuit_open'
  | 'not_configured'
  | 'key_unusable';

export type BudgetState = 'none' | 'ok' | 'warning' | 'exceeded';

export interface BudgetStatus {
  /** Null: the workspace has no budget. */
  monthlyUsd: number | null;
  spentUsd: number;
  state: BudgetState;
}

export interface ChatResult {
  provider: LlmProviderId;
  model: string;
  keySource: KeySource;
  text: string;
  toolCalls: ToolCall[];
  /** The parsed answer when a JSON response format was asked for and the answer parsed. */
  json?: unknown;
  citations: Citation[];
  finishReason: FinishReason;
  usage: TokenUsage;
  /** Priced from the model's price; 0 and `priced: false` when the model has no price. */
  costUsd: number;
  priced: boolean;
  latencyMs: number;
  timeToFirstTokenMs: number;
  attempts: AttemptRecord[];
  budget: BudgetStatus;
}

/**
 * What `LlmRouter.stream` yields. Nothing is yielded before a provider has produced its first token, so a
 * failure before that (every provider down, budget, rate limit) is thrown by the iterator instead, and the
 * caller can still answer with an ordinary HTTP error. After `start`, the stream ends with `done` or `error`.
 */
export type ChatStreamEvent =
  | { type: 'start'; provider: LlmProviderId; model: string; keySource: KeySource; attempts: AttemptRecord[] }
  | { type: 'text'; delta: string }
  /** A complete tool call, arguments parsed. */
  | { type: 'tool_call'; toolCall: ToolCall }
  | { type: 'done'; result: ChatResult }
  | {
      type: 'error';
      error: { code: string; message: string };
      provider: LlmProviderId;
      model: string;
      /** Usage up to the failure (estimated unless the provider had reported it). */
      usage: TokenUsage;
      costUsd: number;
      /** Text streamed before the failure. */
      partialText: string;
    };
