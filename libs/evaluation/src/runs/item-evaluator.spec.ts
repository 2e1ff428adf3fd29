import type { AskResult } from '@docqa/agent';
import type { EvaluationDatasetItemEntity } from '../datasets/evaluation-dataset-item.entity';
import { failureScores, sampleOf } from './item-evaluator';

const item = {
  position: 1,
  line: 1,
  question: 'How long is the warranty?',
  groundTruth: 'Two years.',
  referenceContexts: null,
} as EvaluationDatasetItemEntity;

describe('item evaluation', () => {
  it('resolves each citation to the sentence it ends and the text of the passage it cites', () => {
    const answer = 'The warranty lasts two years [1]. Batteries: six months [2].';
    const result = {
      answer,
      outcome: 'answered',
      contexts: [{ chunkId: 'c1', documentId: 'd1', text: 'The warranty lasts two years.' }],
      sources: [
        { n: 1, chunkId: 'c1', snippet: 'The warranty…' },
        { n: 2, chunkId: 't1', snippet: 'Batteries are covered for six months.' },
      ],
      citations: [
        { n: 1, chunkId: 'c1', documentId: 'd1', start: 0, end: answer.indexOf(' Batteries') },
        { n: 2, chunkId: 't1', documentId: 'd2', start: answer.indexOf('Batteries'), end: answer.length },
      ],
    } as unknown as AskResult;
    expect(sampleOf(item, result)).toEqual({
      question: item.question,
      groundTruth: item.groundTruth,
      answer,
      outcome: 'answered',
      contexts: [{ chunkId: 'c1', text: 'The warranty lasts two years.' }],
      citations: [
        { chunkId: 'c1', sentence: 'The warranty lasts two years [1].', citedText: 'The warranty lasts two years.' },
        { chunkId: 't1', sentence: 'Batteries: six months [2].', citedText: 'Batteries are covered for six months.' },
      ],
    });
  });

  it('scores a failed item 0 wherever a metric applies, saying why', () => {
    const answerable = failureScores({}, 'budget spent');
    expect(answerable.faithfulness).toEqual({
      value: 0,
      judge: 'offline',
      detail: 'the pipeline failed on this item: budget spent',
    });
    expect(answerable.hitRate.value).toBe(0);
    expect(answerable.citationPrecision.value).toBeNull();
    const unanswerable = failureScores({ referenceContexts: [] }, 'budget spent');
    expect(unanswerable.contextRecall.value).toBeNull();
    expect(unanswerable.answerRelevancy.value).toBe(0);
  });
});
