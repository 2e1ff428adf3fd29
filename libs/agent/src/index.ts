export type * from './agent.types';
export { AgentToolProvider, type AgentTool, type AgentToolResult } from './tools/agent-tool-provider';
export { McpClientModule } from './mcp/mcp-client.module';
