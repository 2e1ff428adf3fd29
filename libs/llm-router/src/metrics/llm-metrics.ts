import type { CircuitState } from '../routing/circuit-breaker';

/**
 * What the router reports. `provider` and `model` are `none` for calls refused before any provider (budget,
 * workspace rate limit); `outcome` is `ok` or an attempt outcome (`rate_limited`, `timeout`, `circuit_open`...).
 */
export interface LlmMetrics {
  attempt(provider: string, model: string, outcome: string, seconds?: number): void;
  firstToken(provider: string, model: string, seconds: number): void;
  usage(provider: string, model: string, inputTokens: number, outputTokens: number, costUsd: number): void;
  circuit(provider: string, model: string, state: CircuitState): void;
}

export const LLM_METRICS = Symbol('LLM_METRICS');
