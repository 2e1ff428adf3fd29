import { Injectable } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter, Histogram } from 'prom-client';
import type { AgentNode, AskOutcome } from '../agent.types';

export type CorrectionKind = 'retrieve_again' | 'regenerate';
export type CitationVerdict = 'verified' | 'removed' | 'invalid';

/**
 * What the agent reports to Prometheus: runs by outcome, time per node, correction loops (searching again
 * after insufficient evidence, regenerating an answer with unsupported claims) and citations checked.
 */
@Injectable()
export class AgentMetrics {
  constructor(
    @InjectMetric('agent_runs_total') private readonly runs: Counter<'outcome'>,
    @InjectMetric('agent_node_duration_seconds') private readonly nodes: Histogram<'node'>,
    @InjectMetric('agent_corrections_total') private readonly corrections: Counter<'kind'>,
    @InjectMetric('agent_citations_total') private readonly citations: Counter<'verdict'>,
  ) {}

  run(outcome: AskOutcome): void {
    this.runs.inc({ outcome });
  }

  node(node: AgentNode, ms: number): void {
    this.nodes.observe({ node }, ms / 1000);
  }

  correction(kind: CorrectionKind): void {
    this.corrections.inc({ kind });
  }

  citationsChecked(verdict: CitationVerdict, count: number): void {
    if (count > 0) this.citations.inc({ verdict }, count);
  }
}
