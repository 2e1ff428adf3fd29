import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { AppConfig, ReadinessDetails } from '@docqa/core';
import { LLM_METRICS, type LlmMetrics } from '../metrics/llm-metrics';
import { CircuitBreakers, type CircuitSnapshot } from './circuit-breaker';

/**
 * This process's circuit breakers (one per provider and model), shown in readiness details under `llm`, to
 * admins (`GET /api/v1/admin/llm/circuits`) and as the `llm_circuit_state` gauge. An open circuit never
 * fails readiness: the chain fails over, ending with the offline answerer.
 */
@Injectable()
export class LlmCircuits implements OnModuleInit {
  private readonly logger = new Logger('LlmCircuits');
  readonly breakers: CircuitBreakers;

  constructor(
    config: AppConfig,
    @Inject(LLM_METRICS) metrics: LlmMetrics,
    private readonly readiness: ReadinessDetails,
  ) {
    this.breakers = new CircuitBreakers(config.llm.circuit, Date.now, (provider, model, state) => {
      metrics.circuit(provider, model, state);
      this.logger[state === 'open' ? 'warn' : 'log']({ provider, model, state }, `LLM circuit ${state}`);
    });
  }

  onModuleInit(): void {
    this.readiness.register('llm', () => {
      const circuits = this.snapshot();
      return {
        openCircuits: circuits.filter((c) => c.state !== 'closed').length,
        circuits: circuits.map(({ provider, model, state }) => ({ provider, model, state })),
      };
    });
  }

  snapshot(): CircuitSnapshot[] {
    return this.breakers.snapshot();
  }
}
