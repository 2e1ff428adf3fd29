import { type ContextVerdicts, matchesReference, SENTENCE_FOUND } from './context-relevance';
import { type EvaluationSample, isUnanswerable, type MetricScore, notApplicable } from './metric.types';
import { coverage, splitSentences, termSet } from './text-analysis';

/** Share of the whole ground truth's content words one passage must hold to count as holding the answer. */
export const GROUND_TRUTH_FOUND = 0.6;

/**
 * Retrieval hit: 1 when the retrieved passages hold the answer, else 0 (its mean over items is the hit rate).
 * With reference passages it is exact matching, always computed offline (an LLM adds nothing there): a hit
 * when any retrieved passage is one of them. Without, a hit when one passage holds the ground truth: offline,
 * one passage holds GROUND_TRUTH_FOUND of its words or states one of its sentences; with an LLM judge, the
 * judge found a passage useful for arriving at it (`verdicts`, shared with context precision).
 */
export function hitRate(sample: EvaluationSample, verdicts: ContextVerdicts): MetricScore {
  if (isUnanswerable(sample)) {
    return notApplicable(verdicts.judge, 'unanswerable item: no passage holds the answer');
  }
  if (!sample.contexts.length) return { value: 0, judge: verdicts.judge, detail: 'no passages were retrieved' };
  const chunks = sample.contexts.map((c) => termSet(c.text));
  const references = sample.referenceContexts ?? [];
  if (references.length) {
    const refs = references.map(termSet);
    const rank = chunks.findIndex((chunk) => refs.some((ref) => matchesReference(chunk, ref)));
    return rank >= 0
      ? { value: 1, judge: 'offline', detail: `a reference passage retrieved at rank ${rank + 1}` }
      : { value: 0, judge: 'offline', detail: 'no reference passage retrieved' };
  }
  if (verdicts.judge === 'llm') {
    const rank = verdicts.useful.indexOf(true);
    return rank >= 0
      ? { value: 1, judge: 'llm', detail: `the judge found the answer in the passage at rank ${rank + 1}` }
      : { value: 0, judge: 'llm', detail: 'the judge found the answer in no retrieved passage' };
  }
  const truth = termSet(sample.groundTruth);
  const sentences = splitSentences(sample.groundTruth).map(termSet);
  const rank = chunks.findIndex(
    (chunk) =>
      coverage(truth, chunk) >= GROUND_TRUTH_FOUND || sentences.some((s) => coverage(s, chunk) >= SENTENCE_FOUND),
  );
  return rank >= 0
    ? { value: 1, judge: 'offline', detail: `the ground truth found in the passage at rank ${rank + 1}` }
    : { value: 0, judge: 'offline', detail: 'the ground truth found in no retrieved passage' };
}
