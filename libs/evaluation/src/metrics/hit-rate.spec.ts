import { offlineContextVerdicts } from './context-relevance';
import { hitRate } from './hit-rate';
import type { EvaluationSample } from './metric.types';

function sample(contexts: string[], over: Partial<EvaluationSample> = {}): EvaluationSample {
  return {
    question: 'How long is the warranty?',
    groundTruth: 'The warranty lasts two years from the date of purchase.',
    answer: 'Two years.',
    outcome: 'answered',
    contexts: contexts.map((text, i) => ({ chunkId: `c${i}`, text })),
    citations: [],
    ...over,
  };
}

const offline = (item: EvaluationSample) => hitRate(item, offlineContextVerdicts(item));

describe('retrieval hit rate', () => {
  it('is a hit when a retrieved passage holds the ground truth', () => {
    const item = sample(['Shipping is free.', 'Our warranty lasts two years from the date of purchase.']);
    expect(offline(item)).toEqual({
      value: 1,
      judge: 'offline',
      detail: 'the ground truth found in the passage at rank 2',
    });
  });

  it('is a miss when no passage holds it, or nothing was retrieved', () => {
    expect(offline(sample(['Shipping is free.', 'Returns take 30 days.'])).value).toBe(0);
    expect(offline(sample([])).value).toBe(0);
  });

  it('matches reference passages when the item has them, offline even with an LLM judge', () => {
    const item = sample(['Returns take 30 days.', 'Batteries: six months of warranty cover.'], {
      referenceContexts: ['Batteries: six months of warranty cover.'],
    });
    expect(hitRate(item, { useful: [false, false], judge: 'llm' })).toMatchObject({ value: 1, judge: 'offline' });
    const miss = sample(['Returns take 30 days.'], { referenceContexts: ['Batteries: six months of warranty cover.'] });
    expect(offline(miss).value).toBe(0);
  });

  it('follows the LLM verdicts when there are no reference passages', () => {
    const item = sample(['a', 'b']);
    expect(hitRate(item, { useful: [false, true], judge: 'llm' })).toMatchObject({ value: 1, judge: 'llm' });
    expect(hitRate(item, { useful: [false, false], judge: 'llm' })).toMatchObject({ value: 0, judge: 'llm' });
  });

  it('does not apply to an unanswerable item', () => {
    expect(offline(sample(['x'], { referenceContexts: [] })).value).toBeNull();
  });
});
