import { Injectable } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter, Gauge } from 'prom-client';
import type { RunSummary } from './metrics/aggregate';
import { METRIC_NAMES } from './metrics/metric.types';

/** `evaluation_score` (last completed run per dataset) and `evaluation_runs_total`. */
@Injectable()
export class EvaluationMetrics {
  /** The series this process set for each dataset (prom-client removes series by their exact labels). */
  private readonly series = new Map<string, { dataset: string; metric: string; judge: string }[]>();

  constructor(
    @InjectMetric('evaluation_score') private readonly scores: Gauge<'dataset' | 'metric' | 'judge'>,
    @InjectMetric('evaluation_runs_total') private readonly runs: Counter<'outcome' | 'judge'>,
  ) {}

  /** Replaces the dataset's scores with this run's (a metric that applied to no item is left out). */
  runCompleted(datasetId: string | null, judge: string, summary: RunSummary): void {
    this.runs.inc({ outcome: 'completed', judge });
    if (!datasetId) return;
    this.datasetDeleted(datasetId);
    const set: { dataset: string; metric: string; judge: string }[] = [];
    for (const metric of METRIC_NAMES) {
      const { mean, judge: judged } = summary[metric];
      if (mean === null) continue;
      const labels = { dataset: datasetId, metric, judge: judged ?? judge };
      this.scores.set(labels, mean);
      set.push(labels);
    }
    this.series.set(datasetId, set);
  }

  runFailed(judge: string | null): void {
    this.runs.inc({ outcome: 'failed', judge: judge ?? 'none' });
  }

  /** Drops the dataset's series, so a deleted dataset stops being reported by this process. */
  datasetDeleted(datasetId: string): void {
    for (const labels of this.series.get(datasetId) ?? []) this.scores.remove(labels);
    this.series.delete(datasetId);
  }
}
