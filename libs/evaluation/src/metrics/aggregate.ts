import { type ItemScores, type Judge, METRIC_NAMES, type MetricName } from './metric.types';
import { unitScore } from './text-analysis';

/** A metric over a run: the mean of its items' scores where it applied. */
export interface MetricSummary {
  /** Null when it applied to no item. */
  mean: number | null;
  /** Items it applied to (a null score is not counted). */
  count: number;
  /** How the scores were computed: all by the LLM, all offline, or some of each (`mixed`). */
  judge: Judge | 'mixed' | null;
}

export type RunSummary = Record<MetricName, MetricSummary>;

export function summarize(items: readonly ItemScores[]): RunSummary {
  const out = {} as RunSummary;
  for (const name of METRIC_NAMES) {
    const scored = items.map((i) => i[name]).filter((s) => s && s.value !== null);
    const judges = new Set(scored.map((s) => s.judge));
    out[name] = {
      mean: scored.length ? unitScore(scored.reduce((sum, s) => sum + s.value!, 0) / scored.length) : null,
      count: scored.length,
      judge: judges.size === 0 ? null : judges.size > 1 ? 'mixed' : [...judges][0],
    };
  }
  return out;
}
