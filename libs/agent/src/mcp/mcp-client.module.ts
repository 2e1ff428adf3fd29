import { Module } from '@nestjs/common';
import { AgentToolProvider } from '../tools/agent-tool-provider';
import { McpToolRegistry } from './mcp-tool-registry';

/** The workspace's external MCP servers, offered to the agent as tools. */
@Module({
  providers: [McpToolRegistry, { provide: AgentToolProvider, useExisting: McpToolRegistry }],
  exports: [AgentToolProvider],
})
export class McpClientModule {}
