import { summarize } from '../metrics/aggregate';
import type { ItemScores, MetricScore } from '../metrics/metric.types';
import { configChanges, flatten, itemChanges, metricDeltas, type ComparableRun } from './run-comparison';

const score = (value: number | null): MetricScore => ({ value, judge: 'offline' });
const scores = (faithfulness: number | null, hitRate: number | null): ItemScores => ({
  faithfulness: score(faithfulness),
  answerRelevancy: score(1),
  contextPrecision: score(1),
  contextRecall: score(1),
  hitRate: score(hitRate),
  citationPrecision: score(null),
});

function run(id: string, items: ItemScores[], config: object): ComparableRun {
  return { id, datasetId: 'd1', summary: summarize(items), config };
}

describe('run comparison', () => {
  const base = run('a', [scores(1, 1), scores(0.5, 0)], { retrieval: { rrfK: 60, bm25: { k1: 1.2 } }, models: ['x'] });
  const next = run('b', [scores(1, 1), scores(1, 1)], { retrieval: { rrfK: 30, bm25: { k1: 1.2 } }, models: ['y'] });

  it('gives each metric every run mean and its delta against the first run', () => {
    const metrics = metricDeltas([base, next]);
    expect(metrics.faithfulness).toEqual({ values: [0.75, 1], deltas: [0, 0.25], judges: ['offline', 'offline'] });
    expect(metrics.hitRate.deltas).toEqual([0, 0.5]);
    expect(metrics.citationPrecision).toEqual({ values: [null, null], deltas: [null, null], judges: [null, null] });
  });

  it('lists the settings that differ, not the ones that describe the run', () => {
    expect(configChanges([base, next])).toEqual([{ path: 'retrieval.rrfK', values: [60, 30] }]);
    expect(flatten({ a: { b: [1, 2] }, c: null })).toEqual(
      new Map([
        ['a.b', '[1,2]'],
        ['c', 'null'],
      ]),
    );
  });

  it('lists the items whose scores moved, largest drop first', () => {
    const changes = itemChanges([
      [
        { position: 1, question: 'q1', scores: scores(1, 1) },
        { position: 2, question: 'q2', scores: scores(0.5, 0) },
        { position: 3, question: 'q3', scores: scores(1, 1) },
      ],
      [
        { position: 1, question: 'q1', scores: scores(1, 1) },
        { position: 2, question: 'q2', scores: scores(1, 1) },
        { position: 3, question: 'q3', scores: scores(0, 1) },
      ],
    ]);
    expect(changes.map((c) => c.position)).toEqual([3, 2]);
    expect(changes[0].deltas.faithfulness).toEqual([0, -1]);
    expect(changes[1].deltas.hitRate).toEqual([0, 1]);
    expect(changes[1].deltas.citationPrecision).toEqual([null, null]);
  });
});
