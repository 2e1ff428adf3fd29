import { Injectable } from '@nestjs/common';
import { AgentTool, AgentToolProvider, AgentToolResult } from '../tools/agent-tool-provider';

/** Placeholder until the MCP client lands: no tools. */
@Injectable()
export class McpToolRegistry extends AgentToolProvider {
  listTools(): Promise<AgentTool[]> {
    return Promise.resolve([]);
  }

  callTool(_workspaceId: string, name: string): Promise<AgentToolResult> {
    return Promise.resolve({ content: `Unknown tool ${name}`, isError: true, durationMs: 0 });
  }
}
