import { NO_ANSWER_IN_CONTEXT } from '@docqa/llm-router';
import { FakeRouter } from '../testing/graph-harness';
import { evidence, nodeRun, stateWith } from '../testing/node-kit';
import { NOT_IN_DOCUMENTS } from '../prompts';
import { generateNode } from './generate.node';

const ev = [
  evidence({ chunkId: 'w', text: 'The warranty lasts three years.' }),
  evidence({ chunkId: 'p', text: 'It costs 5 euros.' }),
];
const tokens = (events: { type: string; text?: string }[]) =>
  events
    .filter((e) => e.type === 'token')
    .map((e) => e.text)
    .join('');

describe('generate', () => {
  it('streams the answer with numbered sources, removing citations of sources that do not exist', async () => {
    const router = new FakeRouter(() => ({ text: 'Three years [1][3]. Five euros [2, 8].' }));
    const run = nodeRun({ router });
    const update = await generateNode()(stateWith({ standalone: 'q?', evidence: ev, sufficient: true }), run);
    expect(update).toMatchObject({
      draft: 'Three years [1]. Five euros [2].',
      invalidCitations: 2,
      outcome: 'answered',
    });
    expect(tokens(run.events)).toBe('Three years [1]. Five euros [2].');
    expect(run.events[0]).toMatchObject({
      type: 'sources',
      sources: [
        { n: 1, chunkId: 'w' },
        { n: 2, chunkId: 'p' },
      ],
    });
    expect(router.requests[0].documents).toEqual([
      { id: '1', text: 'The warranty lasts three years.' },
      { id: '2', text: 'It costs 5 euros.' },
    ]);
  });

  it('answers that the documents do not contain it, without a model, when there is no evidence', async () => {
    const run = nodeRun();
    expect(await generateNode()(stateWith({ sufficient: false }), run)).toMatchObject({
      draft: NOT_IN_DOCUMENTS,
      outcome: 'unanswerable',
    });
    expect(run.router.requests).toHaveLength(0);
  });

  it('replaces the offline answerer\'s "no answer" before any of it is sent', async () => {
    const run = nodeRun({ router: new FakeRouter(() => ({ text: NO_ANSWER_IN_CONTEXT })) });
    expect(await generateNode()(stateWith({ evidence: ev, sufficient: true }), run)).toMatchObject({
      outcome: 'unanswerable',
    });
    expect(tokens(run.events)).toBe(NOT_IN_DOCUMENTS);
  });

  it('gives a hosted model the passages fenced as data, the history and the question', async () => {
    const router = new FakeRouter(() => ({ text: 'Three years [1].' }));
    const history = [{ question: 'earlier?', answer: 'Earlier answer [1].', rewrittenQuery: null }];
    await generateNode()(
      stateWith({ question: 'How long?', history, evidence: ev, sufficient: true }),
      nodeRun({ hosted: true, router }),
    );
    const request = router.requests[0];
    expect(request.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(request.messages[2]).toEqual({ role: 'assistant', content: 'Earlier answer.' });
    expect(request.documents?.[1].text).toMatch(
      /^BEGIN (DATA-[0-9a-f]{12}) id=2 title="d1\.md"\nIt costs 5 euros\.\nEND \1$/,
    );
  });
});
