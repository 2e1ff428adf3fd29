/**
 * Tools the agent may call, whatever serves them (MCP servers configured per workspace). The agent's
 * `call_tools` node lists them, offers them to the model and shows their results as sources.
 */
export interface AgentTool {
  /** Unique within a workspace: `<server>__<tool>`. */
  name: string;
  description: string;
  /** JSON Schema of the arguments. */
  parameters: Record<string, unknown>;
  server: { id: string; name: string };
}

export interface AgentToolResult {
  /** The tool's result as text (what the model and the sources see). */
  content: string;
  isError: boolean;
  durationMs: number;
}

export abstract class AgentToolProvider {
  /** The tools the workspace's servers offer, after their allow-lists; [] when none are configured. */
  abstract listTools(workspaceId: string, signal?: AbortSignal): Promise<AgentTool[]>;
  /** Calls one tool within its server's timeout; an error the tool reports is a result with `isError`, not a throw. */
  abstract callTool(
    workspaceId: string,
    name: string,
    args: Record<string, unknown>,
    signal?: AbortSignal,
  ): Promise<AgentToolResult>;
}
