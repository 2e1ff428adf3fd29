import { arrayField, type JudgeLlm, verdictListSchema, verdictsById } from './llm-judge';
import type { EvaluationSample, Judge } from './metric.types';
import { bestCoverage, coverage, splitSentences, termSet } from './text-analysis';

/** Share of a ground-truth sentence's content words one passage must hold to count as stating it. */
export const SENTENCE_FOUND = 0.6;
/** Share of a reference passage's content words a retrieved passage must hold to count as the same passage. */
export const REFERENCE_FOUND = 0.7;

/** Whether each retrieved passage, in order, is useful for arriving at the ground truth; and who said so. */
export interface ContextVerdicts {
  useful: boolean[];
  judge: Judge;
}

/**
 * The same passage, seen from either side: the retrieved chunk holds most of the reference passage, or the
 * chunk (when it says something: five words or more) is itself mostly inside the reference, as when a long
 * reference was cut into several chunks.
 */
export function matchesReference(chunk: ReadonlySet<string>, reference: ReadonlySet<string>): boolean {
  if (!reference.size) return false;
  return coverage(reference, chunk) >= REFERENCE_FOUND || (chunk.size >= 5 && coverage(chunk, reference) >= 0.8);
}

/**
 * Offline: a passage is useful when it states one of the ground truth's sentences (SENTENCE_FOUND of its
 * content words) or is one of the reference passages.
 */
export function offlineContextVerdicts(sample: EvaluationSample): ContextVerdicts {
  const truths = splitSentences(sample.groundTruth).map(termSet);
  const references = (sample.referenceContexts ?? []).map(termSet);
  const useful = sample.contexts.map((c) => {
    const chunk = termSet(c.text);
    return (
      truths.some((truth) => bestCoverage(truth, [chunk]) >= SENTENCE_FOUND) ||
      references.some((reference) => matchesReference(chunk, reference))
    );
  });
  return { useful, judge: 'offline' };
}

const TASK =
  'You judge retrieved passages against the reference answer of a question. For each passage decide whether it ' +
  'was useful in arriving at the reference answer: true when it states some of the information the reference ' +
  'answer gives, false otherwise. Answer with a JSON object {"verdicts": [{"id": "<passage id>", ' +
  '"useful": true|false, "reason": "..."}]} with one entry per passage.';

/** The LLM's verdict on each passage, asked once per item (context precision and hit rate both use it). */
export async function llmContextVerdicts(sample: EvaluationSample, llm: JudgeLlm): Promise<ContextVerdicts> {
  if (!sample.contexts.length) return { useful: [], judge: 'llm' };
  const ids = sample.contexts.map((_, i) => String(i + 1));
  const answer = await llm.judge({
    name: 'context_usefulness',
    task: TASK,
    fields: [
      { label: 'question', text: sample.question },
      { label: 'reference answer', text: sample.groundTruth },
    ],
    passages: sample.contexts.map((c, i) => ({ id: ids[i], text: c.text })),
    schema: verdictListSchema('verdicts', 'useful'),
  });
  const verdicts = verdictsById(arrayField(answer, 'verdicts'), ids, 'useful');
  return { useful: ids.map((id) => verdicts.get(id)!), judge: 'llm' };
}
