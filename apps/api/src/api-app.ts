import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { WsAdapter } from '@nestjs/platform-ws';
import { AppConfig, createHttpApp, CoreOptions } from '@docqa/core';
import { AppModule } from './app.module';
import { setupOpenApi } from './openapi';

/** The API app as main.ts, the tests, the OpenAPI export and the benchmark all build it. */
export async function createApiApp(
  config: AppConfig,
  options: Omit<CoreOptions, 'role'> = {},
): Promise<NestFastifyApplication> {
  const app = await createHttpApp(AppModule.forRoot(config, options), config);
  app.useWebSocketAdapter(new WsAdapter(app));
  setupOpenApi(app);
  return app;
}
