import { END, START, StateGraph } from '@langchain/langgraph';
import type { SearchService } from '@docqa/retrieval';
import type { InjectionDetector } from '@docqa/safety';
import type { AgentNode } from '../agent.types';
import type { ConversationStore } from '../conversations/conversation-store';
import type { AgentMetrics } from '../metrics/agent-metrics';
import type { AgentToolProvider } from '../tools/agent-tool-provider';
import { runOf, type AgentNodeFn, type NodeConfig } from './agent-run';
import { AgentState, type AgentStateValue } from './agent-state';
import { callToolsNode } from './nodes/call-tools.node';
import { finalizeNode } from './nodes/finalize.node';
import { generateNode } from './nodes/generate.node';
import { gradeEvidenceNode } from './nodes/grade-evidence.node';
import { guardInputNode } from './nodes/guard-input.node';
import { loadMemoryNode } from './nodes/load-memory.node';
import { retrieveNode } from './nodes/retrieve.node';
import { rewriteQueryNode } from './nodes/rewrite-query.node';
import { routeNode } from './nodes/route.node';
import { verifyNode } from './nodes/verify.node';

export interface AgentGraphDeps {
  conversations: ConversationStore;
  search: Pick<SearchService, 'searchWorkspace'>;
  injection: Pick<InjectionDetector, 'checkQuestion' | 'screenChunks'>;
  tools: AgentToolProvider;
  metrics: Pick<AgentMetrics, 'node' | 'correction' | 'citationsChecked'>;
}

/** A node with its start and end events, its duration metric, and a check that the run was not cancelled. */
function timed(node: AgentNode, fn: AgentNodeFn, metrics: AgentGraphDeps['metrics']) {
  return async (state: AgentStateValue, config: NodeConfig) => {
    const run = runOf(config);
    run.signal.throwIfAborted();
    run.emit({ type: 'node_start', node });
    const started = performance.now();
    const update = await fn(state, run);
    const ms = performance.now() - started;
    metrics.node(node, ms);
    run.emit({ type: 'node_end', node, durationMs: Math.round(ms * 1000) / 1000 });
    return update;
  };
}

/**
 * The agent's graph:
 *
 *   load_memory -> guard_input -> rewrite_query -> route -> retrieve -> grade_evidence -> generate -> verify -> finalize
 *                  (blocked: finalize)              |  \-> call_tools -> generate (or retrieve when every call failed)
 *                                                   \--> generate (a question about the conversation)
 *   grade_evidence -> rewrite_query -> retrieve (a correction loop, at most AGENT_MAX_CORRECTION_LOOPS)
 *
 * Compiled once; each run passes its own `AgentRun` in the config.
 */
export function buildAgentGraph(deps: AgentGraphDeps) {
  const m = deps.metrics;
  return new StateGraph(AgentState)
    .addNode('load_memory', timed('load_memory', loadMemoryNode(deps.conversations, deps.search), m))
    .addNode('guard_input', timed('guard_input', guardInputNode(deps.injection), m))
    .addNode('rewrite_query', timed('rewrite_query', rewriteQueryNode(), m))
    .addNode('route', timed('route', routeNode(deps.tools), m))
    .addNode('retrieve', timed('retrieve', retrieveNode(deps.search, deps.injection), m))
    .addNode('grade_evidence', timed('grade_evidence', gradeEvidenceNode(m), m))
    .addNode('call_tools', timed('call_tools', callToolsNode(deps.tools), m))
    .addNode('generate', timed('generate', generateNode(), m))
    .addNode('verify', timed('verify', verifyNode(m), m))
    .addNode('finalize', timed('finalize', finalizeNode(deps.conversations), m))
    .addEdge(START, 'load_memory')
    .addEdge('load_memory', 'guard_input')
    .addConditionalEdges('guard_input', (s: AgentStateValue) => (s.blocked ? 'finalize' : 'rewrite_query'), [
      'finalize',
      'rewrite_query',
    ])
    .addConditionalEdges('rewrite_query', (s: AgentStateValue) => (s.loops > 0 ? 'retrieve' : 'route'), [
      'retrieve',
      'route',
    ])
    .addConditionalEdges(
      'route',
      (s: AgentStateValue) => (s.path === 'tools' ? 'call_tools' : s.path === 'conversation' ? 'generate' : 'retrieve'),
      ['call_tools', 'generate', 'retrieve'],
    )
    .addConditionalEdges('call_tools', (s: AgentStateValue) => (s.path === 'retrieve' ? 'retrieve' : 'generate'), [
      'retrieve',
      'generate',
    ])
    .addEdge('retrieve', 'grade_evidence')
    .addConditionalEdges('grade_evidence', (s: AgentStateValue) => (s.retry ? 'rewrite_query' : 'generate'), [
      'rewrite_query',
      'generate',
    ])
    .addEdge('generate', 'verify')
    .addEdge('verify', 'finalize')
    .addEdge('finalize', END)
    .compile();
}

export type CompiledAgentGraph = ReturnType<typeof buildAgentGraph>;
