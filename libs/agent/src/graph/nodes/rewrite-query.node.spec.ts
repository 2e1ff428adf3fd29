import { FakeRouter } from '../testing/graph-harness';
import { nodeRun, stateWith } from '../testing/node-kit';
import { keywordQuery, rewriteQueryNode } from './rewrite-query.node';

const history = [
  { question: 'How long is the warranty of the X200 robot?', answer: 'Three years. [1]', rewrittenQuery: null },
];

describe('rewrite_query', () => {
  const node = rewriteQueryNode();

  it('keeps a first question as it is', async () => {
    const run = nodeRun();
    expect(await node(stateWith({ question: ' What is the X200? ' }), run)).toMatchObject({
      standalone: 'What is the X200?',
    });
    expect(run.events).toEqual([{ type: 'rewritten_query', query: 'What is the X200?' }]);
  });

  it('resolves a follow-up against the last turn without a model', async () => {
    const update = await node(stateWith({ question: 'How much does it cost?', history }), nodeRun());
    expect(update).toMatchObject({
      standalone: 'How much does the X200 robot cost?',
      query: 'How much does the X200 robot cost?',
    });
  });

  it('asks a hosted model, and falls back to the rules when the offline answerer served instead', async () => {
    const router = new FakeRouter(() => ({ text: 'Query: price of the X200 robot\n' }));
    expect(
      await node(stateWith({ question: 'And its price?', history }), nodeRun({ hosted: true, router })),
    ).toMatchObject({
      standalone: 'price of the X200 robot',
    });
    const offline = new FakeRouter(() => ({ text: 'No context was given.', provider: 'offline' }));
    expect(
      await node(
        stateWith({ question: 'How much does it cost?', history }),
        nodeRun({ hosted: true, router: offline }),
      ),
    ).toMatchObject({
      standalone: 'How much does the X200 robot cost?',
    });
  });

  it('on a correction loop, searches the content words alone', async () => {
    const state = stateWith({
      question: 'q',
      standalone: 'What is the refund policy for robots?',
      query: 'x',
      loops: 1,
    });
    expect(await node(state, nodeRun())).toEqual({ query: 'refund policy robots', retry: false });
    expect(keywordQuery('the the of')).toBe('the the of');
  });
});
