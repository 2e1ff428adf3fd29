import { matchesReference, SENTENCE_FOUND } from './context-relevance';
import { arrayField, JudgeError, type JudgeLlm, verdictListSchema, verdictsById } from './llm-judge';
import { type EvaluationSample, isUnanswerable, type MetricScore, notApplicable } from './metric.types';
import { coverage, splitSentences, termSet, union, unitScore } from './text-analysis';

/**
 * Context recall, offline. With reference passages: the share of them found among the retrieved passages
 * (one passage holding it, or all of them together holding 85% of its words, as when it was split across
 * chunks). Without: the share of the ground truth's sentences the retrieved passages state.
 */
export function offlineContextRecall(sample: EvaluationSample): MetricScore {
  if (isUnanswerable(sample)) return notApplicable('offline', 'unanswerable item: no passage holds the answer');
  const chunks = sample.contexts.map((c) => termSet(c.text));
  const all = union(chunks);
  const references = sample.referenceContexts ?? [];
  if (references.length) {
    const found = references
      .map(termSet)
      .filter((ref) => chunks.some((chunk) => matchesReference(chunk, ref)) || coverage(ref, all) >= 0.85).length;
    return {
      value: unitScore(found / references.length),
      judge: 'offline',
      detail: `${found} of ${references.length} reference passages retrieved`,
    };
  }
  const truths = splitSentences(sample.groundTruth);
  if (!truths.length) return notApplicable('offline', 'the ground truth has no sentences');
  const stated = truths.filter((t) => coverage(termSet(t), all) >= SENTENCE_FOUND).length;
  return {
    value: unitScore(stated / truths.length),
    judge: 'offline',
    detail: `${stated} of ${truths.length} ground-truth sentences found in the passages`,
  };
}

const TASK =
  'You check which sentences of a reference answer can be attributed to retrieved passages. For each numbered ' +
  'sentence decide whether the passages state it (or it follows directly from them): true or false. Answer with ' +
  'a JSON object {"sentences": [{"id": "<sentence number>", "attributed": true|false, "reason": "..."}]} with ' +
  'one entry per sentence.';

/** Context recall judged by an LLM (RAGAS): the share of the ground truth's sentences attributable to the passages. */
export async function llmContextRecall(sample: EvaluationSample, llm: JudgeLlm): Promise<MetricScore> {
  if (isUnanswerable(sample)) return notApplicable('llm', 'unanswerable item: no passage holds the answer');
  const truths = splitSentences(sample.groundTruth);
  if (!truths.length) return notApplicable('llm', 'the ground truth has no sentences');
  if (!sample.contexts.length) return { value: 0, judge: 'llm', detail: 'no passages were retrieved' };
  const ids = truths.map((_, i) => String(i + 1));
  const answer = await llm.judge({
    name: 'context_recall',
    task: TASK,
    fields: [
      { label: 'question', text: sample.question },
      ...truths.map((t, i) => ({ label: `reference answer sentence ${ids[i]}`, text: t })),
    ],
    passages: sample.contexts.map((c, i) => ({ id: `P${i + 1}`, text: c.text })),
    schema: verdictListSchema('sentences', 'attributed'),
  });
  const entries = arrayField(answer, 'sentences');
  if (!entries.length) throw new JudgeError('the judge gave no verdict on any sentence');
  const verdicts = verdictsById(entries, ids, 'attributed');
  const stated = [...verdicts.values()].filter(Boolean).length;
  return {
    value: unitScore(stated / truths.length),
    judge: 'llm',
    detail: `${stated} of ${truths.length} ground-truth sentences attributable to the passages`,
  };
}
