import { JudgeError, type JudgeLlm } from './llm-judge';
import { abstained, type EvaluationSample, isUnanswerable, type MetricScore, notApplicable } from './metric.types';
import { coverage, isNoncommittal, stripCitationMarkers, termSet, unitScore } from './text-analysis';

const VERDICTS = ['direct', 'partial', 'off_topic', 'noncommittal'] as const;
type Verdict = (typeof VERDICTS)[number];
const VERDICT_SCORE: Record<Verdict, number> = { direct: 1, partial: 0.5, off_topic: 0, noncommittal: 0 };

const TASK =
  'You judge how relevant an answer is to the question it was given, not whether it is correct. Classify it as ' +
  '"direct" (it addresses exactly what was asked), "partial" (it addresses the question only in part, or buries ' +
  'the answer in unrelated content), "off_topic" (it answers something else) or "noncommittal" (it declines, ' +
  'says it does not know, or that the information is not available). Answer with a JSON object ' +
  '{"verdict": "direct"|"partial"|"off_topic"|"noncommittal", "reason": "..."}.';

const SCHEMA = {
  type: 'object',
  properties: { verdict: { type: 'string', enum: VERDICTS }, reason: { type: 'string' } },
  required: ['verdict'],
};

function declines(sample: EvaluationSample): boolean {
  return abstained(sample) || isNoncommittal(sample.answer);
}

/**
 * For a question the documents cannot answer, the relevant answer is the one that says so: 1 when it
 * declines, 0 when it answers anyway.
 */
function unanswerableScore(declined: boolean, judge: 'llm' | 'offline'): MetricScore {
  return declined
    ? { value: 1, judge, detail: 'unanswerable item: the answer declines, as it should' }
    : { value: 0, judge, detail: 'unanswerable item: the answer answers anyway' };
}

/**
 * Answer relevancy, offline: the share of the question's content words the answer takes up. An answer that
 * declines an answerable question scores 0 (RAGAS's noncommittal rule); see `unanswerableScore` for the others.
 */
export function offlineAnswerRelevancy(sample: EvaluationSample): MetricScore {
  if (!sample.answer.trim()) return notApplicable('offline', 'no answer');
  if (isUnanswerable(sample)) return unanswerableScore(declines(sample), 'offline');
  if (declines(sample)) return { value: 0, judge: 'offline', detail: 'the answer declines an answerable question' };
  const question = termSet(sample.question);
  const answer = termSet(stripCitationMarkers(sample.answer));
  const covered = coverage(question, answer);
  return {
    value: unitScore(covered),
    judge: 'offline',
    detail: `the answer takes up ${Math.round(covered * question.size)} of the question's ${question.size} content words`,
  };
}

/** Answer relevancy judged by an LLM on a four-step scale (direct 1, partial 0.5, off-topic or noncommittal 0). */
export async function llmAnswerRelevancy(sample: EvaluationSample, llm: JudgeLlm): Promise<MetricScore> {
  if (!sample.answer.trim()) return notApplicable('llm', 'no answer');
  if (abstained(sample)) {
    return isUnanswerable(sample)
      ? unanswerableScore(true, 'llm')
      : { value: 0, judge: 'llm', detail: 'the answer declines an answerable question' };
  }
  const answer = await llm.judge({
    name: 'answer_relevancy',
    task: TASK,
    fields: [
      { label: 'question', text: sample.question },
      { label: 'answer', text: stripCitationMarkers(sample.answer) },
    ],
    schema: SCHEMA,
  });
  const verdict = String(answer.verdict ?? '')
    .toLowerCase()
    .replace(/[\s-]+/g, '_') as Verdict;
  if (!VERDICTS.includes(verdict))
    throw new JudgeError(`the judge's verdict ${JSON.stringify(answer.verdict)} is none of ${VERDICTS.join(', ')}`);
  if (isUnanswerable(sample)) return unanswerableScore(verdict === 'noncommittal', 'llm');
  const reason = typeof answer.reason === 'string' ? `: ${answer.reason.slice(0, 200)}` : '';
  return { value: VERDICT_SCORE[verdict], judge: 'llm', detail: `${verdict}${reason}` };
}
