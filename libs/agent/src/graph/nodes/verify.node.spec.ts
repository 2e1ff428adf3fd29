import { CountingMetrics } from '../testing/graph-harness';
import { evidence, nodeRun, stateWith } from '../testing/node-kit';
import { sourcesOf } from '../evidence';
import { NOT_IN_DOCUMENTS } from '../prompts';
import { verifyNode } from './verify.node';

const ev = [
  evidence({ chunkId: 'w', documentId: 'dw', text: 'The warranty lasts three years.' }),
  evidence({ chunkId: 'p', text: 'It costs 5 euros.' }),
];

describe('verify', () => {
  it('binds citations to chunks, removes what nothing supports, and reports it', async () => {
    const metrics = new CountingMetrics();
    const run = nodeRun();
    const state = stateWith({
      outcome: 'answered',
      evidence: ev,
      sources: sourcesOf(ev),
      invalidCitations: 1,
      draft: 'The warranty lasts three years [1]. The robot can fly [2].',
    });
    const update = await verifyNode(metrics)(state, run);
    expect(update.answer).toBe('The warranty lasts three years [1].');
    expect(update.citations).toEqual([{ n: 1, chunkId: 'w', documentId: 'dw', start: 0, end: 35 }]);
    expect(update.verification).toEqual({ supported: 1, removed: 1, invalidCitations: 1, regenerated: false });
    expect(run.events.map((e) => e.type)).toEqual(['verification', 'citations']);
    expect(metrics.counts).toMatchObject({ 'citations:verified': 1, 'citations:removed': 1, 'citations:invalid': 1 });
  });

  it('turns an answer with nothing supported into the unanswerable outcome', async () => {
    const state = stateWith({
      outcome: 'answered',
      evidence: ev,
      sources: sourcesOf(ev),
      draft: 'Penguins run the warehouse [1].',
    });
    expect(await verifyNode(new CountingMetrics())(state, nodeRun())).toMatchObject({
      answer: NOT_IN_DOCUMENTS,
      outcome: 'unanswerable',
      citations: [],
    });
  });

  it('strips markers from answers that cite nothing', async () => {
    const state = stateWith({ outcome: 'from_conversation', draft: 'You asked about it [1].' });
    expect(await verifyNode(new CountingMetrics())(state, nodeRun())).toMatchObject({
      answer: 'You asked about it.',
      citations: [],
    });
  });
});
