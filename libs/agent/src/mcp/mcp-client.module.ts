import { Module } from '@nestjs/common';
import { VaultCoreModule } from '@docqa/auth';
import { AgentToolProvider } from '../tools/agent-tool-provider';
import { McpConnections } from './client/mcp-connections';
import { McpServerStore } from './client/mcp-server-store';
import { McpToolRegistry } from './mcp-tool-registry';

/**
 * The workspace's external MCP servers, offered to the agent as tools. No HTTP routes: the configuration
 * routes are in `McpServerModule`, which only the api app mounts.
 */
@Module({
  imports: [VaultCoreModule],
  providers: [
    McpServerStore,
    McpConnections,
    McpToolRegistry,
    { provide: AgentToolProvider, useExisting: McpToolRegistry },
  ],
  exports: [AgentToolProvider, McpServerStore, McpConnections],
})
export class McpClientModule {}
