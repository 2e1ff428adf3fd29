import { Injectable } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import type { PiiEntityType } from './pii/entity-types';

/** Where a finding was masked (or, for `api`, reported): the `target` label of `safety_pii_entities_total`. */
export type PiiTarget = 'llm' | 'logs' | 'ingestion' | 'api';

/** `safety_pii_entities_total` and `safety_injection_hits_total`. */
@Injectable()
export class SafetyMetrics {
  constructor(
    @InjectMetric('safety_pii_entities_total') private readonly pii: Counter<'entity' | 'target'>,
    @InjectMetric('safety_injection_hits_total') private readonly injection: Counter<'source' | 'action'>,
  ) {}

  piiFound(target: PiiTarget, counts: ReadonlyMap<PiiEntityType, number>): void {
    for (const [entity, n] of counts) this.pii.inc({ entity, target }, n);
  }

  injectionHit(source: 'question' | 'chunk', action: string): void {
    this.injection.inc({ source, action });
  }
}
