import { averagePrecision, contextPrecision } from './context-precision';
import { llmContextVerdicts, offlineContextVerdicts } from './context-relevance';
import type { JudgeLlm } from './llm-judge';
import type { EvaluationSample } from './metric.types';

const ANSWER = 'Refunds are paid within 30 days to the original payment method.';
const OTHER = 'The office is closed on public holidays and during the first week of January.';
const ALSO_OTHER = 'Parking is free for visitors in the north garage.';

function sample(contexts: string[], over: Partial<EvaluationSample> = {}): EvaluationSample {
  return {
    question: 'How are refunds paid?',
    groundTruth: 'Refunds are paid within 30 days to the original payment method.',
    answer: ANSWER,
    outcome: 'answered',
    contexts: contexts.map((text, i) => ({ chunkId: `c${i}`, text })),
    citations: [],
    ...over,
  };
}

describe('context precision', () => {
  it('is the average precision over the ranks of the useful passages', () => {
    expect(averagePrecision([true, true, false])).toBe(1);
    expect(averagePrecision([false, true])).toBe(0.5);
    expect(averagePrecision([true, false, true])).toBeCloseTo((1 + 2 / 3) / 2);
    expect(averagePrecision([false, false])).toBe(0);
  });

  describe('offline', () => {
    it('scores 1 when the passage holding the ground truth comes first', () => {
      const item = sample([ANSWER, OTHER]);
      expect(contextPrecision(item, offlineContextVerdicts(item))).toMatchObject({ value: 1, judge: 'offline' });
    });

    it('scores lower when it comes after useless passages, and 0 when it is missing', () => {
      const late = sample([OTHER, ALSO_OTHER, ANSWER]);
      expect(contextPrecision(late, offlineContextVerdicts(late)).value).toBe(0.3333);
      const missing = sample([OTHER, ALSO_OTHER]);
      expect(contextPrecision(missing, offlineContextVerdicts(missing)).value).toBe(0);
    });

    it('counts a reference passage as useful', () => {
      const item = sample([OTHER, 'Paid back within a month.'], { referenceContexts: ['Paid back within a month.'] });
      expect(offlineContextVerdicts(item).useful).toEqual([false, true]);
    });

    it('does not apply to an unanswerable item, and scores 0 when nothing was retrieved', () => {
      const unanswerable = sample([OTHER], { referenceContexts: [] });
      expect(contextPrecision(unanswerable, offlineContextVerdicts(unanswerable)).value).toBeNull();
      const none = sample([]);
      expect(contextPrecision(none, offlineContextVerdicts(none)).value).toBe(0);
    });
  });

  describe('judged by an LLM', () => {
    it('uses the judge verdict on each passage; a passage it leaves out counts as useless', async () => {
      const item = sample([OTHER, ANSWER, ALSO_OTHER]);
      const llm: JudgeLlm = {
        judge: async () => ({
          verdicts: [
            { id: '2', useful: true },
            { id: '1', useful: false },
          ],
        }),
      };
      const verdicts = await llmContextVerdicts(item, llm);
      expect(verdicts).toEqual({ useful: [false, true, false], judge: 'llm' });
      expect(contextPrecision(item, verdicts)).toMatchObject({ value: 0.5, judge: 'llm' });
    });

    it('reads verdicts by position when the judge gives no ids, and accepts "yes"', async () => {
      const item = sample([ANSWER, OTHER]);
      const llm: JudgeLlm = { judge: async () => ({ verdicts: [{ useful: 'yes' }, { useful: 'no' }] }) };
      expect((await llmContextVerdicts(item, llm)).useful).toEqual([true, false]);
    });
  });
});
