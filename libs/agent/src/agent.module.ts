import { Module } from '@nestjs/common';
import { VaultCoreModule } from '@docqa/auth';
import { LlmRouterCoreModule } from '@docqa/llm-router';
import { MetricProvidersModule } from '@docqa/metrics';
import { RetrievalCoreModule } from '@docqa/retrieval';
import { SafetyCoreModule } from '@docqa/safety';
import { AgentService } from './agent.service';
import { ChatController } from './chat/chat.controller';
import { ChatService } from './chat/chat.service';
import { ConversationsController } from './conversations/conversations.controller';
import { ConversationsService } from './conversations/conversations.service';
import { HostedLlmProbe } from './llm/hosted-llm-probe';
import { McpClientModule } from './mcp/mcp-client.module';
import { AgentMetrics } from './metrics/agent-metrics';

/**
 * The agent without HTTP routes, for any process that asks questions (the api, evaluation runs): its graph
 * over retrieval, the LLM router and safety, the workspace's tools (MCP), and conversations.
 */
@Module({
  imports: [
    McpClientModule,
    RetrievalCoreModule,
    LlmRouterCoreModule,
    SafetyCoreModule,
    VaultCoreModule,
    MetricProvidersModule,
  ],
  providers: [AgentService, ConversationsService, HostedLlmProbe, AgentMetrics],
  exports: [AgentService, ConversationsService],
})
export class AgentCoreModule {}

/** The agent with its routes: `POST /api/v1/chat` and `/api/v1/conversations`. For the api app. */
@Module({
  imports: [AgentCoreModule],
  controllers: [ChatController, ConversationsController],
  providers: [ChatService],
  exports: [AgentCoreModule],
})
export class AgentModule {}
