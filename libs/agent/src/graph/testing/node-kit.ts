/** A run and a state for calling one node directly in its unit test. Not used outside tests. */
import type { AgentEvent, AskInput } from '../../agent.types';
import { LlmSession } from '../../llm/llm-session';
import type { AgentRun, AgentSettings } from '../agent-run';
import type { AgentStateValue, Evidence } from '../agent-state';
import { FakeRouter, WORKSPACE } from './graph-harness';

export function stateWith(partial: Partial<AgentStateValue> = {}): AgentStateValue {
  return {
    question: '',
    conversationId: null,
    summary: '',
    history: [],
    turnCount: 0,
    blocked: false,
    standalone: '',
    query: '',
    path: 'retrieve',
    toolCalls: [],
    candidates: [],
    evidence: [],
    sufficient: false,
    loops: 0,
    retry: false,
    draft: '',
    invalidCitations: 0,
    answer: '',
    sources: [],
    citations: [],
    verification: { supported: 0, removed: 0, invalidCitations: 0, regenerated: false },
    outcome: null,
    messageId: null,
    ...partial,
  };
}

export interface NodeRun extends AgentRun {
  events: AgentEvent[];
  router: FakeRouter;
}

export function nodeRun(
  options: {
    input?: Partial<AskInput>;
    hosted?: boolean;
    router?: FakeRouter;
    settings?: Partial<AgentSettings>;
    persist?: boolean;
  } = {},
): NodeRun {
  const events: AgentEvent[] = [];
  const router = options.router ?? new FakeRouter();
  const signal = new AbortController().signal;
  const llm = new LlmSession(router.asRouter(), { workspaceId: WORKSPACE, signal }, options.hosted ?? false);
  return {
    caller: { workspaceId: WORKSPACE, userId: 'user', requestId: 'req-1' },
    input: { question: 'q', ...options.input },
    persist: options.persist ?? true,
    signal,
    settings: { topK: 4, maxCorrectionLoops: 1, memoryTurns: 6, ...options.settings },
    llm,
    emit: (e) => events.push(e),
    firstToken: () => undefined,
    events,
    router,
  };
}

export function evidence(partial: Partial<Evidence> & Pick<Evidence, 'chunkId' | 'text'>): Evidence {
  return {
    kind: 'document',
    documentId: 'd1',
    title: null,
    filename: 'd1.md',
    headingPath: [],
    snippet: partial.text,
    rank: 1,
    ...partial,
  };
}
