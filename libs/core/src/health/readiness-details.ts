import { Injectable } from '@nestjs/common';

/** What a stage lib shows under its name in readiness `details`, read on every probe. */
export type ReadinessDetailSource = () => Record<string, unknown>;

/**
 * Facts stage libs add to the readiness answer (the LLM router's circuit states, say). They inform and never
 * fail readiness: a degraded optional dependency must not take the instance out of the load balancer.
 */
@Injectable()
export class ReadinessDetails {
  private readonly sources = new Map<string, ReadinessDetailSource>();

  register(name: string, source: ReadinessDetailSource): void {
    this.sources.set(name, source);
  }

  entries(): Array<[string, ReadinessDetailSource]> {
    return [...this.sources];
  }
}
