import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { AuditModule, AuthModule } from '@docqa/auth';
import { RetrievalCoreModule } from '@docqa/retrieval';
import { AgentCoreModule } from '../agent.module';
import { McpClientModule } from './mcp-client.module';
import { apiKeyBearerMiddleware } from './server/api-key-bearer.middleware';
import { DocqaMcpTools } from './server/docqa-mcp-tools';
import { McpEndpointController } from './server/mcp-endpoint.controller';
import { McpServersController } from './servers/mcp-servers.controller';
import { McpServersService } from './servers/mcp-servers.service';

/**
 * DocQA's MCP routes, for the api app: `/mcp`, where DocQA serves its `search` and `ask` tools to other
 * agents, and `/api/v1/mcp/servers`, where owners configure the external servers their agent may use.
 */
@Module({
  imports: [AuthModule, AuditModule, RetrievalCoreModule, AgentCoreModule, McpClientModule],
  controllers: [McpEndpointController, McpServersController],
  providers: [DocqaMcpTools, McpServersService],
})
export class McpServerModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(apiKeyBearerMiddleware).forRoutes(McpEndpointController);
  }
}
