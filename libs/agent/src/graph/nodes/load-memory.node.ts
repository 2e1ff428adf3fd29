import type { SearchService } from '@docqa/retrieval';
import type { ConversationStore } from '../../conversations/conversation-store';
import type { AgentNodeFn } from '../agent-run';

/**
 * load_memory: the conversation's summary and last turns (404 when the conversation is not the caller's),
 * and, when the question is limited to collections or documents, a check that they are the workspace's
 * (404 otherwise). Both happen here, before anything is streamed, so a bad id is an ordinary HTTP error.
 */
export function loadMemoryNode(
  conversations: ConversationStore,
  search: Pick<SearchService, 'searchWorkspace'>,
): AgentNodeFn {
  return async (_state, run) => {
    const { input, caller } = run;
    const scopeChecked =
      input.collectionIds?.length || input.documentIds?.length
        ? // An empty query resolves (and checks) the scope without searching.
          search.searchWorkspace(caller.workspaceId, {
            query: '',
            collectionIds: input.collectionIds,
            documentIds: input.documentIds,
            cache: false,
          })
        : Promise.resolve(null);
    const memory = input.conversationId
      ? await conversations.memoryFor(caller, input.conversationId, run.settings.memoryTurns)
      : null;
    await scopeChecked;
    if (!memory) return {};
    return {
      conversationId: memory.conversationId,
      summary: memory.summary,
      history: memory.turns,
      turnCount: memory.turnCount,
    };
  };
}
