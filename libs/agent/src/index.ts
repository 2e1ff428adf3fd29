export type * from './agent.types';
export { ASK_OUTCOMES } from './agent.types';
export { AgentToolProvider, type AgentTool, type AgentToolResult } from './tools/agent-tool-provider';
export { McpClientModule } from './mcp/mcp-client.module';
export { McpServerModule } from './mcp/mcp-server.module';
export { mcpServersSealedColumn } from './mcp/client/mcp-server-store';
export { AgentService } from './agent.service';
export { AgentCoreModule, AgentModule } from './agent.module';
export { AgentErrorCode, AgentException } from './agent.errors';
