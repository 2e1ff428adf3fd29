/** The metrics of an evaluation, in the order they are reported. */
export const METRIC_NAMES = [
  'faithfulness',
  'answerRelevancy',
  'contextPrecision',
  'contextRecall',
  'hitRate',
  'citationPrecision',
] as const;

export type MetricName = (typeof METRIC_NAMES)[number];

/** How a score was computed: by a hosted LLM acting as judge, or by the deterministic offline version. */
export type Judge = 'llm' | 'offline';

export interface MetricScore {
  /** In [0, 1]; null when the metric does not apply to the item (`detail` says why). */
  value: number | null;
  judge: Judge;
  /** How the value came about, in a few words (e.g. "3 of 4 claims supported"). */
  detail?: string;
}

export type ItemScores = Record<MetricName, MetricScore>;

/** What the metrics look at for one dataset item: the reference, and what the pipeline answered. */
export interface EvaluationSample {
  question: string;
  groundTruth: string;
  /**
   * Passages that hold the answer. Undefined: none were given. Empty: the documents hold no answer to
   * the question (an unanswerable item: the right answer is to say so).
   */
  referenceContexts?: readonly string[];
  answer: string;
  /** The agent's outcome (`answered`, `unanswerable`...). */
  outcome: string;
  /** Every passage the generator saw, in the order it saw them. */
  contexts: readonly { chunkId: string; text: string }[];
  /** Each citation of the answer: the sentence it ends and the text of the passage it cites. */
  citations: readonly { chunkId: string; sentence: string; citedText: string }[];
}

export function isUnanswerable(sample: Pick<EvaluationSample, 'referenceContexts'>): boolean {
  return sample.referenceContexts !== undefined && sample.referenceContexts.length === 0;
}

/** The pipeline declined to answer, by its outcome. */
export function abstained(sample: Pick<EvaluationSample, 'outcome'>): boolean {
  return sample.outcome === 'unanswerable' || sample.outcome === 'blocked';
}

export const notApplicable = (judge: Judge, detail: string): MetricScore => ({ value: null, judge, detail });
