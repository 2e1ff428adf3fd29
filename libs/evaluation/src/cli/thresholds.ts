import type { RunSummary } from '../metrics/aggregate';
import { METRIC_NAMES, type MetricName } from '../metrics/metric.types';

export const METRIC_LABELS: Record<MetricName, string> = {
  faithfulness: 'faithfulness',
  answerRelevancy: 'answer relevancy',
  contextPrecision: 'context precision',
  contextRecall: 'context recall',
  hitRate: 'hit rate',
  citationPrecision: 'citation precision',
};

export interface Verdict {
  metric: MetricName;
  score: number | null;
  judge: string | null;
  items: number;
  threshold: number | null;
  /** `pass`/`fail` against the threshold; `-` without one. A metric that applied to no item fails its threshold. */
  result: 'pass' | 'fail' | '-';
}

export function verdicts(summary: RunSummary, thresholds: Partial<Record<MetricName, number>>): Verdict[] {
  return METRIC_NAMES.map((metric) => {
    const { mean, judge, count } = summary[metric];
    const threshold = thresholds[metric] ?? null;
    const result = threshold === null ? '-' : mean !== null && mean >= threshold ? 'pass' : 'fail';
    return { metric, score: mean, judge, items: count, threshold, result };
  });
}

const fixed = (n: number | null) => (n === null ? 'n/a' : n.toFixed(3));

/** The verdicts as an aligned text table. */
export function verdictTable(rows: readonly Verdict[]): string {
  const lines = [
    ['metric', 'score', 'judge', 'items', 'threshold', 'result'],
    ...rows.map((r) => [
      METRIC_LABELS[r.metric],
      fixed(r.score),
      r.judge ?? '-',
      String(r.items),
      r.threshold === null ? '-' : fixed(r.threshold),
      r.result,
    ]),
  ];
  const widths = lines[0].map((_, col) => Math.max(...lines.map((l) => l[col].length)));
  return lines
    .map((l) =>
      l
        .map((cell, col) => cell.padEnd(widths[col]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
