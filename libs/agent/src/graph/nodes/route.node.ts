import { Logger } from '@nestjs/common';
import type { AgentTool, AgentToolProvider } from '../../tools/agent-tool-provider';
import { isAboutConversation } from '../../text/conversation-intent';
import { matchToolOffline } from '../../text/tool-match';
import type { AgentNodeFn, AgentRun } from '../agent-run';
import type { PlannedToolCall } from '../agent-state';
import { ROUTE_INSTRUCTIONS } from '../prompts';

const logger = new Logger('AgentRoute');
/** Tool calls one run may make. */
const MAX_TOOL_CALLS = 4;

function planned(tool: AgentTool, id: string, args: Record<string, unknown>): PlannedToolCall {
  return {
    id,
    name: tool.name,
    arguments: args,
    server: tool.server.name,
    tool: tool.name.split('__').pop() ?? tool.name,
  };
}

async function chooseWithModel(
  query: string,
  tools: AgentTool[],
  run: AgentRun,
): Promise<PlannedToolCall[] | undefined> {
  const result = await run.llm.assist({
    messages: [
      { role: 'system', content: ROUTE_INSTRUCTIONS },
      { role: 'user', content: query },
    ],
    tools: tools.map((t) => ({ name: t.name, description: t.description, parameters: t.parameters })),
    toolChoice: 'auto',
    maxTokens: 300,
    temperature: 0,
  });
  if (!result) return undefined;
  const byName = new Map(tools.map((t) => [t.name, t]));
  return result.toolCalls
    .filter((c) => byName.has(c.name))
    .slice(0, MAX_TOOL_CALLS)
    .map((c) => planned(byName.get(c.name)!, c.id, c.arguments));
}

/**
 * route: where the answer comes from.
 * - `conversation`: the question is about the conversation itself ("what did you just say?", "summarise our
 *   conversation"; see `isAboutConversation`) and there is one. Decided by these patterns in both modes, so
 *   that it costs no model call.
 * - `tools`: the workspace's tools (MCP servers) fit the question. A hosted model chooses them and their
 *   arguments; without one, a tool whose name and description share enough words with the question and which
 *   takes a single string is called with it (see `matchToolOffline`).
 * - `retrieve` otherwise: search the documents.
 */
export function routeNode(tools: AgentToolProvider): AgentNodeFn {
  return async (state, run) => {
    if (state.history.length && isAboutConversation(state.question)) return { path: 'conversation' };
    let available: AgentTool[] = [];
    try {
      available = await tools.listTools(run.caller.workspaceId, run.signal);
    } catch (err) {
      if (run.signal.aborted) throw err;
      logger.warn({ workspaceId: run.caller.workspaceId, err }, 'tools unavailable; searching the documents');
    }
    if (!available.length) return { path: 'retrieve' };
    let calls = run.llm.hosted ? await chooseWithModel(state.standalone, available, run) : undefined;
    if (!calls) {
      const match = matchToolOffline(state.standalone, available);
      calls = match ? [planned(match.tool, `call_offline_${match.tool.name}`, match.arguments)] : [];
    }
    return calls.length ? { path: 'tools', toolCalls: calls } : { path: 'retrieve' };
  };
}
