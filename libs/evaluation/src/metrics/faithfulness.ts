import { arrayField, JudgeError, type JudgeLlm, truthy } from './llm-judge';
import { abstained, type EvaluationSample, type MetricScore, notApplicable } from './metric.types';
import { coverage, isNoncommittal, splitSentences, termSet, union, unitScore } from './text-analysis';

/** Share of a claim's content words the passages must hold for the offline version to count it supported. */
export const CLAIM_SUPPORT = 0.7;

const TASK =
  'You check whether an answer is faithful to the passages it was generated from. Break the answer into short, ' +
  'self-contained factual statements (skip statements that only say the passages do not hold the answer). For ' +
  'each statement decide whether the passages, and nothing else, support it: true only when a passage states it ' +
  'or it follows directly from them. Answer with a JSON object {"statements": [{"statement": "...", ' +
  '"supported": true|false, "reason": "..."}]}.';

const SCHEMA = {
  type: 'object',
  properties: {
    statements: {
      type: 'array',
      items: {
        type: 'object',
        properties: { statement: { type: 'string' }, supported: { type: 'boolean' }, reason: { type: 'string' } },
        required: ['statement', 'supported'],
      },
    },
  },
  required: ['statements'],
};

const DECLINES = 'the answer declines: it claims nothing';

/**
 * Faithfulness, offline: the answer's sentences are its claims (sentences that only decline to answer are
 * not); a claim is supported when the passages the generator saw hold at least CLAIM_SUPPORT of its content
 * words. Score: supported claims / claims. An answer that only declines claims nothing, so it scores 1.
 */
export function offlineFaithfulness(sample: EvaluationSample): MetricScore {
  if (!sample.answer.trim()) return notApplicable('offline', 'no answer');
  if (abstained(sample)) return { value: 1, judge: 'offline', detail: DECLINES };
  const sentences = splitSentences(sample.answer);
  const claims = sentences.filter((s) => !isNoncommittal(s));
  if (!claims.length) {
    return sentences.length
      ? { value: 1, judge: 'offline', detail: DECLINES }
      : notApplicable('offline', 'no claims in the answer');
  }
  const context = union(sample.contexts.map((c) => termSet(c.text)));
  const supported = claims.filter((claim) => coverage(termSet(claim), context) >= CLAIM_SUPPORT).length;
  return {
    value: unitScore(supported / claims.length),
    judge: 'offline',
    detail: `${supported} of ${claims.length} claims supported by the passages`,
  };
}

/** Faithfulness judged by an LLM, as RAGAS does it: statements extracted from the answer, each checked. */
export async function llmFaithfulness(sample: EvaluationSample, llm: JudgeLlm): Promise<MetricScore> {
  if (!sample.answer.trim()) return notApplicable('llm', 'no answer');
  if (abstained(sample)) return { value: 1, judge: 'llm', detail: DECLINES };
  const answer = await llm.judge({
    name: 'faithfulness',
    task: TASK,
    fields: [
      { label: 'question', text: sample.question },
      { label: 'answer', text: sample.answer },
    ],
    passages: sample.contexts.map((c, i) => ({ id: String(i + 1), text: c.text })),
    schema: SCHEMA,
  });
  const statements = arrayField(answer, 'statements');
  if (!statements.length) {
    if (isNoncommittal(sample.answer)) return { value: 1, judge: 'llm', detail: DECLINES };
    throw new JudgeError('the judge found no statements in an answer that makes claims');
  }
  const supported = statements.filter((s) => truthy(s.supported)).length;
  return {
    value: unitScore(supported / statements.length),
    judge: 'llm',
    detail: `${supported} of ${statements.length} statements supported by the passages`,
  };
}
