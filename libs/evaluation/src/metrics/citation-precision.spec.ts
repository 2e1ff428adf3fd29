import { llmCitationPrecision, offlineCitationPrecision } from './citation-precision';
import type { JudgeLlm, JudgePrompt } from './llm-judge';
import type { EvaluationSample } from './metric.types';

const WARRANTY = 'The warranty lasts two years from the date of purchase.';
const RETURNS = 'Returns are accepted within 30 days of delivery.';

function sample(citations: EvaluationSample['citations']): EvaluationSample {
  return {
    question: 'What are the warranty and return terms?',
    groundTruth: 'Two years of warranty; returns within 30 days.',
    answer: citations.map((c) => c.sentence).join(' '),
    outcome: 'answered',
    contexts: [
      { chunkId: 'w', text: WARRANTY },
      { chunkId: 'r', text: RETURNS },
    ],
    citations,
  };
}

describe('citation precision', () => {
  describe('offline', () => {
    it('scores 1 when every cited passage supports its sentence', () => {
      const item = sample([
        { chunkId: 'w', sentence: 'The warranty lasts two years [1].', citedText: WARRANTY },
        { chunkId: 'r', sentence: 'Returns are accepted within 30 days [2].', citedText: RETURNS },
      ]);
      expect(offlineCitationPrecision(item)).toMatchObject({ value: 1, judge: 'offline' });
    });

    it('counts a citation of the wrong passage as unsupported', () => {
      const item = sample([
        { chunkId: 'w', sentence: 'The warranty lasts two years [1].', citedText: WARRANTY },
        { chunkId: 'w', sentence: 'Returns are accepted within 30 days [1].', citedText: WARRANTY },
      ]);
      expect(offlineCitationPrecision(item)).toMatchObject({
        value: 0.5,
        detail: '1 of 2 citations support their sentence',
      });
    });

    it('does not apply to an answer that cites nothing', () => {
      expect(offlineCitationPrecision(sample([])).value).toBeNull();
    });
  });

  describe('judged by an LLM', () => {
    it('asks about each (sentence, cited passage) pair and scores the share supported', async () => {
      const prompts: JudgePrompt[] = [];
      const llm: JudgeLlm = {
        judge: async (p) => {
          prompts.push(p);
          return {
            citations: [
              { id: '1', supported: true },
              { id: '2', supported: false },
            ],
          };
        },
      };
      const item = sample([
        { chunkId: 'w', sentence: 'The warranty lasts two years [1].', citedText: WARRANTY },
        { chunkId: 'w', sentence: 'Returns are accepted within 30 days [1].', citedText: WARRANTY },
      ]);
      expect(await llmCitationPrecision(item, llm)).toMatchObject({ value: 0.5, judge: 'llm' });
      expect(prompts[0].fields[1].text).toBe('Returns are accepted within 30 days.');
      expect(prompts[0].passages?.[1].text).toBe(WARRANTY);
    });

    it('scores 0 when the judge supports none', async () => {
      const llm: JudgeLlm = { judge: async () => ({ citations: [{ id: '1', supported: false }] }) };
      const item = sample([{ chunkId: 'w', sentence: 'Something else entirely [1].', citedText: WARRANTY }]);
      expect((await llmCitationPrecision(item, llm)).value).toBe(0);
    });
  });
});
