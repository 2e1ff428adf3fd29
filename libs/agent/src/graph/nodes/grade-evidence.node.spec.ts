import { CountingMetrics, FakeRouter } from '../testing/graph-harness';
import { evidence, nodeRun, stateWith } from '../testing/node-kit';
import { gradeEvidenceNode } from './grade-evidence.node';

const candidates = [
  evidence({ chunkId: 'plants', text: 'Office plants are watered on Mondays.', rank: 1 }),
  evidence({ chunkId: 'warranty', text: 'The X200 robot has a warranty of three years.', rank: 2 }),
];

describe('grade_evidence', () => {
  it('keeps the relevant passages, best first', async () => {
    const update = await gradeEvidenceNode(new CountingMetrics())(
      stateWith({ standalone: 'How long is the X200 warranty?', candidates }),
      nodeRun(),
    );
    expect(update.sufficient).toBe(true);
    expect(update.evidence?.map((e) => e.chunkId)).toEqual(['warranty']);
  });

  it('asks for another search while loops are left, then gives up', async () => {
    const metrics = new CountingMetrics();
    const node = gradeEvidenceNode(metrics);
    const state = stateWith({ standalone: 'What is the refund policy?', candidates });
    expect(await node(state, nodeRun())).toMatchObject({ sufficient: false, retry: true, loops: 1 });
    expect(await node({ ...state, loops: 1 }, nodeRun())).toMatchObject({
      sufficient: false,
      retry: false,
      evidence: [],
    });
    expect(metrics.counts['correction:retrieve_again']).toBe(1);
  });

  it('lets a hosted model judge with a JSON list, and falls back to lexical scores on an unusable reply', async () => {
    const judged = new FakeRouter(() => ({ text: '{"relevant":[1]}' }));
    const update = await gradeEvidenceNode(new CountingMetrics())(
      stateWith({ standalone: 'Which plants are watered?', candidates }),
      nodeRun({ hosted: true, router: judged }),
    );
    expect(update.evidence?.map((e) => e.chunkId)).toEqual(['plants']);
    expect(judged.requests[0].responseFormat?.type).toBe('json_schema');
    const garbled = new FakeRouter(() => ({ text: 'I think the second one' }));
    const fallback = await gradeEvidenceNode(new CountingMetrics())(
      stateWith({ standalone: 'How long is the X200 warranty?', candidates }),
      nodeRun({ hosted: true, router: garbled }),
    );
    expect(fallback.evidence?.map((e) => e.chunkId)).toEqual(['warranty']);
  });
});
