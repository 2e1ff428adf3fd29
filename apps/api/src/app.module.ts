import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, CoreModule, CoreOptions, ThrottlingModule } from '@docqa/core';
import { AdminModule } from '@docqa/admin';
import { AgentModule, McpServerModule } from '@docqa/agent';
import { AuthModule } from '@docqa/auth';
import { DocumentsModule, IngestionModule } from '@docqa/documents';
import { EvaluationModule } from '@docqa/evaluation';
import { LlmRouterModule } from '@docqa/llm-router';
import { MetricsModule } from '@docqa/metrics';
import { RetrievalModule } from '@docqa/retrieval';
import { SafetyModule } from '@docqa/safety';

/** The HTTP API: the core plus every stage module, behind the global rate limit and then authentication. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, options: Omit<CoreOptions, 'role'> = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config, { ...options, role: 'api' }),
        MetricsModule,
        ThrottlingModule,
        AuthModule,
        DocumentsModule,
        IngestionModule,
        RetrievalModule,
        SafetyModule,
        LlmRouterModule,
        AgentModule,
        McpServerModule,
        EvaluationModule,
        AdminModule,
      ],
    };
  }
}
