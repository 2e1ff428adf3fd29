import type { ContextVerdicts } from './context-relevance';
import { type EvaluationSample, isUnanswerable, type MetricScore, notApplicable } from './metric.types';
import { unitScore } from './text-analysis';

/**
 * Average precision over the ranked passages (RAGAS's context precision): the mean of precision@k over the
 * ranks k that hold a useful passage. 1 when every useful passage comes before every useless one; 0 when
 * none is useful.
 */
export function averagePrecision(useful: readonly boolean[]): number {
  let hits = 0;
  let sum = 0;
  useful.forEach((u, i) => {
    if (!u) return;
    hits++;
    sum += hits / (i + 1);
  });
  return hits ? sum / hits : 0;
}

/**
 * Context precision: are the passages that help arrive at the ground truth ranked first? Computed from the
 * verdicts on each passage (offline or by the LLM, as `verdicts.judge` says).
 */
export function contextPrecision(sample: EvaluationSample, verdicts: ContextVerdicts): MetricScore {
  const { judge } = verdicts;
  if (isUnanswerable(sample)) return notApplicable(judge, 'unanswerable item: no passage holds the answer');
  if (!sample.contexts.length) return { value: 0, judge, detail: 'no passages were retrieved' };
  const useful = verdicts.useful.filter(Boolean).length;
  return {
    value: unitScore(averagePrecision(verdicts.useful)),
    judge,
    detail: `${useful} of ${verdicts.useful.length} passages useful, at ranks ${
      verdicts.useful.flatMap((u, i) => (u ? [i + 1] : [])).join(', ') || 'none'
    }`,
  };
}
