import { MemoryConversations } from '../testing/graph-harness';
import { nodeRun, stateWith } from '../testing/node-kit';
import { finalizeNode } from './finalize.node';

describe('finalize', () => {
  it('records the turn and sends the usage', async () => {
    const conversations = new MemoryConversations();
    const run = nodeRun();
    const update = await finalizeNode(conversations)(
      stateWith({ question: 'q?', standalone: 'q standalone', answer: 'a [1].', outcome: 'answered' }),
      run,
    );
    expect(update).toEqual({ conversationId: 'conversation-1', messageId: 'message-conversation-1-1' });
    expect(conversations.conversations.get('conversation-1')?.turns[0]).toMatchObject({
      question: 'q?',
      answer: 'a [1].',
      rewrittenQuery: 'q standalone',
    });
    expect(run.events).toEqual([
      { type: 'usage', usage: { inputTokens: 0, outputTokens: 0, costUsd: 0, llmCalls: 0, models: [] } },
    ]);
  });

  it('keeps nothing when the caller asked for nothing to be kept', async () => {
    const conversations = new MemoryConversations();
    expect(await finalizeNode(conversations)(stateWith({ question: 'q' }), nodeRun({ persist: false }))).toEqual({});
    expect(conversations.conversations.size).toBe(0);
  });
});
