import { MemoryConversations, FakeSearch, WORKSPACE } from '../testing/graph-harness';
import { nodeRun, stateWith } from '../testing/node-kit';
import { loadMemoryNode } from './load-memory.node';

describe('load_memory', () => {
  it('loads the last turns of the conversation, as many as the settings keep', async () => {
    const conversations = new MemoryConversations();
    const caller = { workspaceId: WORKSPACE };
    const base = {
      outcome: 'answered' as const,
      rewrittenQuery: null,
      sources: [],
      citations: [],
      verification: null,
      usage: null,
    };
    const { conversationId } = await conversations.recordTurn(
      caller,
      null,
      { ...base, question: 'q1', answer: 'a1' },
      6,
    );
    await conversations.recordTurn(caller, conversationId, { ...base, question: 'q2', answer: 'a2' }, 6);
    const node = loadMemoryNode(conversations, new FakeSearch([]));
    const update = await node(stateWith(), nodeRun({ input: { conversationId }, settings: { memoryTurns: 1 } }));
    expect(update).toMatchObject({ conversationId, turnCount: 2, history: [{ question: 'q2', answer: 'a2' }] });
  });

  it('checks a collection or document scope only when one is given', async () => {
    const search = new FakeSearch([]);
    const node = loadMemoryNode(new MemoryConversations(), search);
    expect(await node(stateWith(), nodeRun())).toEqual({});
    expect(search.requests).toHaveLength(0);
    await node(stateWith(), nodeRun({ input: { collectionIds: ['c1'] } }));
    expect(search.requests).toEqual([{ query: '', collectionIds: ['c1'], documentIds: undefined, cache: false }]);
  });

  it("fails for a conversation that is not the caller's", async () => {
    const node = loadMemoryNode(new MemoryConversations(), new FakeSearch([]));
    await expect(node(stateWith(), nodeRun({ input: { conversationId: 'nope' } }))).rejects.toThrow('not found');
  });
});
