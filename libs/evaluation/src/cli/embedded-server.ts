import { join } from 'node:path';
import { type DynamicModule, Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { WsAdapter } from '@nestjs/platform-ws';
import type { DestinationStream } from 'pino';
import { AuthModule } from '@docqa/auth';
import { AppConfig, CoreModule, createHttpApp, ThrottlingModule } from '@docqa/core';
import { DocumentsModule, IngestionModule } from '@docqa/documents';
import { LlmRouterModule } from '@docqa/llm-router';
import { MetricsModule } from '@docqa/metrics';
import { RetrievalModule } from '@docqa/retrieval';
import { SafetyModule } from '@docqa/safety';
import { EvaluationModule } from '../evaluation.module';

/** Far above anything one evaluation does: the server is the CLI's own, and only the CLI calls it. */
const UNLIMITED = 1_000_000_000;

/**
 * The configuration of the CLI's private server: the caller's settings (providers, keys, models, retrieval,
 * chunking: what is evaluated), on an embedded database and in-process jobs under `dataDir`, serving
 * loopback only, with rate limits out of the way.
 */
export function embeddedConfig(base: AppConfig, dataDir: string): AppConfig {
  return Object.freeze({
    ...base,
    dataDir,
    http: { ...base.http, host: '127.0.0.1', port: 0, corsOrigins: [] },
    database: { mode: 'embedded' as const, dataDir: join(dataDir, 'pglite') },
    redis: null,
    throttle: { ...base.throttle, limit: UNLIMITED, principalLimit: UNLIMITED },
    auth: {
      ...base.auth,
      registration: 'open' as const,
      throttle: { ...base.auth.throttle, limit: UNLIMITED },
    },
    llm: { ...base.llm, rateLimitPerMinute: UNLIMITED },
    ingestion: { ...base.ingestion, storageDir: join(dataDir, 'files') },
  }) as AppConfig;
}

/** What the evaluation needs of the API: accounts, documents and their ingestion, search, the agent. */
@Module({})
class EmbeddedEvaluationModule {
  static forRoot(config: AppConfig, logDestination: DestinationStream): DynamicModule {
    return {
      module: EmbeddedEvaluationModule,
      imports: [
        CoreModule.forRoot(config, { role: 'api', logDestination }),
        MetricsModule,
        ThrottlingModule,
        AuthModule,
        DocumentsModule,
        IngestionModule,
        RetrievalModule,
        SafetyModule,
        LlmRouterModule,
        EvaluationModule,
      ],
    };
  }
}

/** Starts the private server on a loopback port; resolves with its base URL and a way to stop it. */
export async function startEmbeddedServer(
  config: AppConfig,
  logDestination: DestinationStream,
): Promise<{ url: string; app: NestFastifyApplication }> {
  const app = await createHttpApp(EmbeddedEvaluationModule.forRoot(config, logDestination), config);
  // The documents module has a WebSocket gateway (progress), served as the API serves it.
  app.useWebSocketAdapter(new WsAdapter(app));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, app };
}
