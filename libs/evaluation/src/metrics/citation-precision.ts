import { arrayField, JudgeError, type JudgeLlm, verdictListSchema, verdictsById } from './llm-judge';
import { type EvaluationSample, type MetricScore, notApplicable } from './metric.types';
import { coverage, stripCitationMarkers, termSet, unitScore } from './text-analysis';

/** Share of a cited sentence's content words the cited passage must hold for the offline version. */
export const CITATION_SUPPORT = 0.6;

/**
 * Citation precision, offline: the share of the answer's citations whose cited passage supports the
 * sentence they end (holds CITATION_SUPPORT of its content words). Not applicable when nothing is cited.
 */
export function offlineCitationPrecision(sample: EvaluationSample): MetricScore {
  if (!sample.citations.length) return notApplicable('offline', 'the answer cites nothing');
  const supported = sample.citations.filter(
    (c) => coverage(termSet(stripCitationMarkers(c.sentence)), termSet(c.citedText)) >= CITATION_SUPPORT,
  ).length;
  return {
    value: unitScore(supported / sample.citations.length),
    judge: 'offline',
    detail: `${supported} of ${sample.citations.length} citations support their sentence`,
  };
}

const TASK =
  'You check citations. Each numbered pair holds a sentence of an answer and the passage it cites. For each pair ' +
  'decide whether the cited passage supports the sentence (states it, or it follows directly): true or false. ' +
  'Answer with a JSON object {"citations": [{"id": "<pair number>", "supported": true|false, "reason": "..."}]} ' +
  'with one entry per pair.';

/** Citation precision judged by an LLM: each (sentence, cited passage) pair checked for support. */
export async function llmCitationPrecision(sample: EvaluationSample, llm: JudgeLlm): Promise<MetricScore> {
  if (!sample.citations.length) return notApplicable('llm', 'the answer cites nothing');
  const ids = sample.citations.map((_, i) => String(i + 1));
  const answer = await llm.judge({
    name: 'citation_precision',
    task: TASK,
    fields: sample.citations.map((c, i) => ({
      label: `pair ${ids[i]} sentence`,
      text: stripCitationMarkers(c.sentence),
    })),
    passages: sample.citations.map((c, i) => ({ id: `pair ${ids[i]} cited passage`, text: c.citedText })),
    schema: verdictListSchema('citations', 'supported'),
  });
  const entries = arrayField(answer, 'citations');
  if (!entries.length) throw new JudgeError('the judge gave no verdict on any citation');
  const verdicts = verdictsById(entries, ids, 'supported');
  const supported = [...verdicts.values()].filter(Boolean).length;
  return {
    value: unitScore(supported / sample.citations.length),
    judge: 'llm',
    detail: `${supported} of ${sample.citations.length} citations support their sentence`,
  };
}
