import { llmAnswerRelevancy, offlineAnswerRelevancy } from './answer-relevancy';
import { llmCitationPrecision, offlineCitationPrecision } from './citation-precision';
import { contextPrecision } from './context-precision';
import { type ContextVerdicts, llmContextVerdicts, offlineContextVerdicts } from './context-relevance';
import { llmContextRecall, offlineContextRecall } from './context-recall';
import { llmFaithfulness, offlineFaithfulness } from './faithfulness';
import { hitRate } from './hit-rate';
import { JudgeError, type JudgeLlm } from './llm-judge';
import type { EvaluationSample, ItemScores, MetricScore } from './metric.types';

/** The offline score, saying why the LLM's was not used. */
function annotate(score: MetricScore, failure: JudgeError | undefined): MetricScore {
  if (!failure) return score;
  const why = `LLM judge unusable (${failure.message.slice(0, 200)}), computed offline`;
  return { ...score, detail: score.detail ? `${score.detail}; ${why}` : why };
}

/** The LLM's result, or the offline one with the judge's failure when the LLM's could not be had. */
async function judged<T>(
  llm: JudgeLlm | undefined,
  viaLlm: (llm: JudgeLlm) => Promise<T>,
  offline: () => T,
): Promise<{ result: T; failure?: JudgeError }> {
  if (!llm) return { result: offline() };
  try {
    return { result: await viaLlm(llm) };
  } catch (err) {
    // Anything but a judge failure (the run was cancelled, the database is gone) ends the item.
    if (!(err instanceof JudgeError)) throw err;
    return { result: offline(), failure: err };
  }
}

async function metric(
  llm: JudgeLlm | undefined,
  viaLlm: (llm: JudgeLlm) => Promise<MetricScore>,
  offline: () => MetricScore,
): Promise<MetricScore> {
  const { result, failure } = await judged(llm, viaLlm, offline);
  return annotate(result, failure);
}

/**
 * Every metric of one item. With `llm`, each metric is judged by it, and a metric whose judgement fails
 * (no hosted model answered, the answer was not the JSON asked for) falls back to its offline version;
 * without, all are offline. Each score says which way it was computed.
 */
export async function scoreSample(sample: EvaluationSample, llm?: JudgeLlm): Promise<ItemScores> {
  const verdicts = await judged<ContextVerdicts>(
    llm,
    (l) => llmContextVerdicts(sample, l),
    () => offlineContextVerdicts(sample),
  );
  return {
    faithfulness: await metric(
      llm,
      (l) => llmFaithfulness(sample, l),
      () => offlineFaithfulness(sample),
    ),
    answerRelevancy: await metric(
      llm,
      (l) => llmAnswerRelevancy(sample, l),
      () => offlineAnswerRelevancy(sample),
    ),
    contextPrecision: annotate(contextPrecision(sample, verdicts.result), verdicts.failure),
    contextRecall: await metric(
      llm,
      (l) => llmContextRecall(sample, l),
      () => offlineContextRecall(sample),
    ),
    hitRate: annotate(hitRate(sample, verdicts.result), verdicts.failure),
    citationPrecision: await metric(
      llm,
      (l) => llmCitationPrecision(sample, l),
      () => offlineCitationPrecision(sample),
    ),
  };
}
