import { summarize } from './aggregate';
import { JudgeError, type JudgeLlm } from './llm-judge';
import { METRIC_NAMES, type EvaluationSample } from './metric.types';
import { scoreSample } from './score-sample';

const PASSAGE = 'By default the API listens on port 3000. Set PORT to change it.';

const item: EvaluationSample = {
  question: 'Which port does the API listen on by default?',
  groundTruth: 'The API listens on port 3000 by default.',
  answer: 'By default the API listens on port 3000 [1].',
  outcome: 'answered',
  contexts: [{ chunkId: 'c1', text: PASSAGE }],
  citations: [{ chunkId: 'c1', sentence: 'By default the API listens on port 3000 [1].', citedText: PASSAGE }],
};

/** Answers every metric's prompt as a judge that agrees with everything would. */
const agreeing: JudgeLlm = {
  judge: async (prompt) => {
    switch (prompt.name) {
      case 'faithfulness':
        return { statements: [{ statement: 'port 3000', supported: true }] };
      case 'answer_relevancy':
        return { verdict: 'direct' };
      case 'context_usefulness':
        return { verdicts: [{ id: '1', useful: true }] };
      case 'context_recall':
        return { sentences: [{ id: '1', attributed: true }] };
      case 'citation_precision':
        return { citations: [{ id: '1', supported: true }] };
      default:
        throw new Error(`unexpected prompt ${prompt.name}`);
    }
  },
};

describe('scoreSample', () => {
  it('computes every metric offline without a judge, each labelled offline', async () => {
    const scores = await scoreSample(item);
    expect(Object.keys(scores)).toEqual([...METRIC_NAMES]);
    for (const name of METRIC_NAMES) expect(scores[name]).toMatchObject({ value: 1, judge: 'offline' });
  });

  it('asks the judge for every metric when there is one, each labelled llm', async () => {
    const scores = await scoreSample(item, agreeing);
    for (const name of METRIC_NAMES) expect(scores[name]).toMatchObject({ value: 1, judge: 'llm' });
  });

  it('falls back to the offline version, saying so, for a metric whose judgement fails', async () => {
    const flaky: JudgeLlm = {
      judge: async (prompt) => {
        if (prompt.name === 'faithfulness') throw new JudgeError('the answer was not JSON');
        return agreeing.judge(prompt);
      },
    };
    const scores = await scoreSample(item, flaky);
    expect(scores.faithfulness.judge).toBe('offline');
    expect(scores.faithfulness.detail).toContain('LLM judge unusable (the answer was not JSON)');
    expect(scores.answerRelevancy.judge).toBe('llm');
    expect(summarize([scores, await scoreSample(item, agreeing)]).faithfulness).toEqual({
      mean: 1,
      count: 2,
      judge: 'mixed',
    });
  });

  it('lets other failures through (a cancelled run is not a judge failure)', async () => {
    const broken: JudgeLlm = {
      judge: async () => {
        throw new Error('aborted');
      },
    };
    await expect(scoreSample(item, broken)).rejects.toThrow('aborted');
  });
});

describe('summarize', () => {
  it('averages the scores that apply and counts them', async () => {
    const answered = await scoreSample(item);
    const unanswerable = await scoreSample({
      ...item,
      referenceContexts: [],
      answer: 'The provided context does not contain the answer to this question.',
      citations: [],
    });
    const summary = summarize([answered, unanswerable]);
    expect(summary.contextRecall).toEqual({ mean: 1, count: 1, judge: 'offline' });
    expect(summary.answerRelevancy).toEqual({ mean: 1, count: 2, judge: 'offline' });
    expect(summarize([]).faithfulness).toEqual({ mean: null, count: 0, judge: null });
  });
});
