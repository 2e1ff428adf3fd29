import { llmFaithfulness, offlineFaithfulness } from './faithfulness';
import { JudgeError, type JudgeLlm, type JudgePrompt } from './llm-judge';
import type { EvaluationSample } from './metric.types';

const PASSAGE = 'By default the API listens on port 3000. Set PORT to change it. Node 22 or later is required.';

function sample(over: Partial<EvaluationSample> = {}): EvaluationSample {
  return {
    question: 'Which port does the API listen on?',
    groundTruth: 'Port 3000, unless PORT is set.',
    answer: 'The API listens on port 3000 [1]. Set PORT to change it [1].',
    outcome: 'answered',
    contexts: [{ chunkId: 'c1', text: PASSAGE }],
    citations: [],
    ...over,
  };
}

function scripted(answer: Record<string, unknown>): JudgeLlm & { prompts: JudgePrompt[] } {
  const prompts: JudgePrompt[] = [];
  return {
    prompts,
    judge: async (prompt) => {
      prompts.push(prompt);
      return answer;
    },
  };
}

describe('faithfulness', () => {
  describe('offline', () => {
    it('scores 1 when every claim of the answer is in the passages', () => {
      expect(offlineFaithfulness(sample())).toEqual({
        value: 1,
        judge: 'offline',
        detail: '2 of 2 claims supported by the passages',
      });
    });

    it('scores the share of claims the passages support when the answer makes things up', () => {
      const score = offlineFaithfulness(
        sample({ answer: 'The API listens on port 3000 [1]. It needs Java 17 and an Oracle licence [1].' }),
      );
      expect(score).toMatchObject({ value: 0.5, judge: 'offline' });
    });

    it('scores 0 when nothing was retrieved to support the claims', () => {
      expect(offlineFaithfulness(sample({ contexts: [] })).value).toBe(0);
    });

    it('scores 1 for an answer that only declines (it claims nothing)', () => {
      const declined = sample({ answer: 'The provided context does not contain the answer to this question.' });
      expect(offlineFaithfulness(declined).value).toBe(1);
      expect(offlineFaithfulness(sample({ outcome: 'unanswerable', answer: 'No idea.' })).value).toBe(1);
    });

    it('does not apply to an empty answer', () => {
      expect(offlineFaithfulness(sample({ answer: '  ' }))).toMatchObject({ value: null, judge: 'offline' });
    });
  });

  describe('judged by an LLM', () => {
    it('scores the share of the statements the judge found supported, and sends it the passages', async () => {
      const llm = scripted({
        statements: [
          { statement: 'The API listens on port 3000.', supported: true },
          { statement: 'PORT changes it.', supported: true },
          { statement: 'It runs on Java.', supported: false },
        ],
      });
      const score = await llmFaithfulness(sample(), llm);
      expect(score).toEqual({ value: 0.6667, judge: 'llm', detail: '2 of 3 statements supported by the passages' });
      expect(llm.prompts[0].passages).toEqual([{ id: '1', text: PASSAGE }]);
      expect(llm.prompts[0].fields.find((f) => f.label === 'answer')?.text).toBe(sample().answer);
    });

    it('scores 0 when the judge supports none of them', async () => {
      const llm = scripted({ statements: [{ statement: 'x', supported: false }] });
      expect((await llmFaithfulness(sample(), llm)).value).toBe(0);
    });

    it('fails as a judge error when the answer is not the JSON asked for', async () => {
      await expect(llmFaithfulness(sample(), scripted({ verdict: 'yes' }))).rejects.toThrow(JudgeError);
      await expect(llmFaithfulness(sample(), scripted({ statements: [] }))).rejects.toThrow(JudgeError);
    });

    it('does not ask the judge about an answer the pipeline declined', async () => {
      const llm = scripted({});
      expect(await llmFaithfulness(sample({ outcome: 'unanswerable' }), llm)).toMatchObject({ value: 1, judge: 'llm' });
      expect(llm.prompts).toHaveLength(0);
    });
  });
});
