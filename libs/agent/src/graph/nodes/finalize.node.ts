import type { ConversationStore } from '../../conversations/conversation-store';
import type { AgentNodeFn } from '../agent-run';

/**
 * finalize: the run's usage is sent, and (unless the caller asked for nothing to be kept, as evaluation
 * does) the question and its answer are stored with the answer's sources, citations, verification and usage,
 * in the conversation (a new one when the question started none), whose rolling summary takes the turns
 * that leave memory.
 */
export function finalizeNode(conversations: ConversationStore): AgentNodeFn {
  return async (state, run) => {
    run.emit({ type: 'usage', usage: { ...run.llm.usage, models: [...run.llm.usage.models] } });
    if (!run.persist) return {};
    const saved = await conversations.recordTurn(
      run.caller,
      state.conversationId,
      {
        question: state.question,
        answer: state.answer,
        outcome: state.outcome ?? 'answered',
        rewrittenQuery: state.standalone || null,
        sources: state.sources,
        citations: state.citations,
        verification: state.blocked ? null : state.verification,
        usage: run.llm.usage,
      },
      run.settings.memoryTurns,
    );
    return { conversationId: saved.conversationId, messageId: saved.messageId };
  };
}
