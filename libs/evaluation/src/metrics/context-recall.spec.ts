import { llmContextRecall, offlineContextRecall } from './context-recall';
import { JudgeError, type JudgeLlm, type JudgePrompt } from './llm-judge';
import type { EvaluationSample } from './metric.types';

const TRUTH = 'Refunds are paid within 30 days. They go to the original payment method.';

function sample(contexts: string[], over: Partial<EvaluationSample> = {}): EvaluationSample {
  return {
    question: 'How are refunds paid?',
    groundTruth: TRUTH,
    answer: 'Within 30 days.',
    outcome: 'answered',
    contexts: contexts.map((text, i) => ({ chunkId: `c${i}`, text })),
    citations: [],
    ...over,
  };
}

describe('context recall', () => {
  describe('offline, against the ground truth', () => {
    it('scores 1 when the passages state every sentence of the ground truth', () => {
      const item = sample(['Refunds are paid within 30 days.', 'Payments go back to the original payment method.']);
      expect(offlineContextRecall(item)).toMatchObject({ value: 1, judge: 'offline' });
    });

    it('scores the share of sentences found, and 0 when none is', () => {
      expect(offlineContextRecall(sample(['Refunds are paid within 30 days.'])).value).toBe(0.5);
      expect(offlineContextRecall(sample(['The office is closed in January.'])).value).toBe(0);
      expect(offlineContextRecall(sample([])).value).toBe(0);
    });
  });

  describe('offline, against reference passages', () => {
    const references = ['Refunds are paid within 30 days of the request.', 'Gift cards are never refunded.'];

    it('scores the share of reference passages retrieved', () => {
      const item = sample(
        ['Refunds are paid within 30 days of the request, by bank transfer.', 'Unrelated text here.'],
        {
          referenceContexts: references,
        },
      );
      expect(offlineContextRecall(item)).toMatchObject({ value: 0.5, detail: '1 of 2 reference passages retrieved' });
    });

    it('finds a reference split across two chunks', () => {
      const item = sample(['Gift cards are never', 'refunded, whatever the reason.'], {
        referenceContexts: ['Gift cards are never refunded.'],
      });
      expect(offlineContextRecall(item).value).toBe(1);
    });

    it('does not apply to an unanswerable item', () => {
      expect(offlineContextRecall(sample(['x'], { referenceContexts: [] })).value).toBeNull();
    });
  });

  describe('judged by an LLM', () => {
    it('scores the share of ground-truth sentences the judge attributes to the passages', async () => {
      const prompts: JudgePrompt[] = [];
      const llm: JudgeLlm = {
        judge: async (p) => {
          prompts.push(p);
          return {
            sentences: [
              { id: '1', attributed: true },
              { id: '2', attributed: false },
            ],
          };
        },
      };
      expect(await llmContextRecall(sample(['Refunds are paid within 30 days.']), llm)).toMatchObject({
        value: 0.5,
        judge: 'llm',
      });
      expect(prompts[0].fields.map((f) => f.text)).toContain('They go to the original payment method.');
    });

    it('scores 1 when every sentence is attributed, and fails as a judge error on no verdicts', async () => {
      const all: JudgeLlm = {
        judge: async () => ({
          sentences: [
            { id: '1', attributed: true },
            { id: '2', attributed: true },
          ],
        }),
      };
      expect((await llmContextRecall(sample(['a passage']), all)).value).toBe(1);
      const none: JudgeLlm = { judge: async () => ({ sentences: [] }) };
      await expect(llmContextRecall(sample(['a passage']), none)).rejects.toThrow(JudgeError);
    });
  });
});
