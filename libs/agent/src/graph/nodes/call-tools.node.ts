import type { AgentToolProvider, AgentToolResult } from '../../tools/agent-tool-provider';
import type { AgentNodeFn } from '../agent-run';
import type { Evidence } from '../agent-state';

/** Characters of a tool's result the model reads. */
const TOOL_RESULT_CHARS = 6_000;

/**
 * call_tools: the planned calls, at once, each within its server's timeout (the provider's business). Results
 * become sources of kind `tool` (their `chunkId` is the call's id, `documentId` empty); a call that failed is
 * left out. When every call failed, the run searches the documents instead.
 */
export function callToolsNode(tools: AgentToolProvider): AgentNodeFn {
  return async (state, run) => {
    const results = await Promise.all(
      state.toolCalls.map((call) =>
        // A provider that throws before returning its promise fails that call alone, too.
        Promise.resolve()
          .then(() => tools.callTool(run.caller.workspaceId, call.name, call.arguments, run.signal))
          .catch((err: unknown): AgentToolResult => {
            if (run.signal.aborted) throw err;
            return { content: err instanceof Error ? err.message : String(err), isError: true, durationMs: 0 };
          }),
      ),
    );
    const evidence: Evidence[] = [];
    state.toolCalls.forEach((call, i) => {
      const result = results[i];
      if (result.isError || !result.content.trim()) return;
      evidence.push({
        kind: 'tool',
        chunkId: call.id,
        documentId: '',
        title: `${call.server}: ${call.tool}`,
        filename: call.name,
        headingPath: [],
        snippet: result.content,
        text: result.content.slice(0, TOOL_RESULT_CHARS),
        rank: evidence.length + 1,
        relevance: 1,
        tool: { server: call.server, name: call.tool },
      });
    });
    if (!evidence.length) return { path: 'retrieve', toolCalls: [] };
    return { candidates: evidence, evidence, sufficient: true };
  };
}
