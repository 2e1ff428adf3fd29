import { Injectable } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter, Gauge, Histogram } from 'prom-client';
import type { CircuitState } from '../routing/circuit-breaker';
import type { LlmMetrics } from './llm-metrics';

const CIRCUIT_VALUE: Record<CircuitState, number> = { closed: 0, half_open: 1, open: 2 };

/** `LlmMetrics` on the Prometheus registry of the metrics lib. */
@Injectable()
export class PrometheusLlmMetrics implements LlmMetrics {
  constructor(
    @InjectMetric('llm_requests_total') private readonly requests: Counter<'provider' | 'model' | 'outcome'>,
    @InjectMetric('llm_request_duration_seconds') private readonly duration: Histogram<'provider' | 'model'>,
    @InjectMetric('llm_time_to_first_token_seconds') private readonly ttft: Histogram<'provider' | 'model'>,
    @InjectMetric('llm_tokens_total') private readonly tokens: Counter<'provider' | 'model' | 'direction'>,
    @InjectMetric('llm_cost_usd_total') private readonly cost: Counter<'provider' | 'model'>,
    @InjectMetric('llm_circuit_state') private readonly circuits: Gauge<'provider' | 'model'>,
  ) {}

  attempt(provider: string, model: string, outcome: string, seconds?: number): void {
    this.requests.inc({ provider, model, outcome });
    if (seconds !== undefined) this.duration.observe({ provider, model }, seconds);
  }

  firstToken(provider: string, model: string, seconds: number): void {
    this.ttft.observe({ provider, model }, seconds);
  }

  usage(provider: string, model: string, inputTokens: number, outputTokens: number, costUsd: number): void {
    if (inputTokens) this.tokens.inc({ provider, model, direction: 'input' }, inputTokens);
    if (outputTokens) this.tokens.inc({ provider, model, direction: 'output' }, outputTokens);
    if (costUsd) this.cost.inc({ provider, model }, costUsd);
  }

  circuit(provider: string, model: string, state: CircuitState): void {
    this.circuits.set({ provider, model }, CIRCUIT_VALUE[state]);
  }
}
