import { llmAnswerRelevancy, offlineAnswerRelevancy } from './answer-relevancy';
import { JudgeError, type JudgeLlm } from './llm-judge';
import type { EvaluationSample } from './metric.types';

function sample(over: Partial<EvaluationSample> = {}): EvaluationSample {
  return {
    question: 'Which port does the API listen on by default?',
    groundTruth: 'Port 3000.',
    answer: 'By default the API listens on port 3000 [1].',
    outcome: 'answered',
    contexts: [{ chunkId: 'c1', text: 'By default the API listens on port 3000.' }],
    citations: [],
    ...over,
  };
}

const judging = (answer: Record<string, unknown>): JudgeLlm => ({ judge: async () => answer });

describe('answer relevancy', () => {
  describe('offline', () => {
    it('scores 1 when the answer takes up everything the question asks about', () => {
      expect(offlineAnswerRelevancy(sample())).toMatchObject({ value: 1, judge: 'offline' });
    });

    it('scores low for an answer about something else', () => {
      const score = offlineAnswerRelevancy(sample({ answer: 'Install Node 22 before anything else [1].' }));
      expect(score.value).toBe(0);
    });

    it('scores 0 when an answerable question is declined', () => {
      expect(offlineAnswerRelevancy(sample({ answer: 'I do not know.' })).value).toBe(0);
      expect(offlineAnswerRelevancy(sample({ outcome: 'unanswerable' })).value).toBe(0);
    });

    it('scores an unanswerable item 1 when the answer declines and 0 when it answers anyway', () => {
      const unanswerable = { referenceContexts: [], groundTruth: 'The documents do not say.' };
      const declined = sample({
        ...unanswerable,
        answer: 'The provided context does not contain the answer to this question.',
      });
      expect(offlineAnswerRelevancy(declined).value).toBe(1);
      expect(offlineAnswerRelevancy(sample(unanswerable)).value).toBe(0);
    });
  });

  describe('judged by an LLM', () => {
    it('maps the verdicts to scores', async () => {
      expect(await llmAnswerRelevancy(sample(), judging({ verdict: 'direct', reason: 'it says 3000' }))).toEqual({
        value: 1,
        judge: 'llm',
        detail: 'direct: it says 3000',
      });
      expect((await llmAnswerRelevancy(sample(), judging({ verdict: 'partial' }))).value).toBe(0.5);
      expect((await llmAnswerRelevancy(sample(), judging({ verdict: 'off-topic' }))).value).toBe(0);
      expect((await llmAnswerRelevancy(sample(), judging({ verdict: 'noncommittal' }))).value).toBe(0);
    });

    it('scores an unanswerable item by whether the judge found the answer noncommittal', async () => {
      const item = sample({ referenceContexts: [] });
      expect((await llmAnswerRelevancy(item, judging({ verdict: 'noncommittal' }))).value).toBe(1);
      expect((await llmAnswerRelevancy(item, judging({ verdict: 'direct' }))).value).toBe(0);
    });

    it('fails as a judge error on a verdict it does not know', async () => {
      await expect(llmAnswerRelevancy(sample(), judging({ verdict: 'great' }))).rejects.toThrow(JudgeError);
    });
  });
});
