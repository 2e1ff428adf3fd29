import 'reflect-metadata';
import {
  exitOnStartupFailure,
  installGracefulShutdown,
  loadConfigOrExit,
  releaseFreeHeap,
  runModeOf,
  startTracing,
} from '@docqa/core';
import { Logger } from '@nestjs/common';
import { createApiApp } from './api-app';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  // Before the app exists, so its first database connection and request are already traced (OTEL_ENABLED).
  const tracing = startTracing(config, 'api');
  const app = await createApiApp(config);
  installGracefulShutdown(app, config.http.shutdownTimeoutMs, () => tracing.shutdown());
  await app.listen({ port: config.http.port, host: config.http.host });
  // Start-up leaves some 100 MB of heap free that V8 would keep for good: give it back before the work starts.
  releaseFreeHeap();
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.http.port;
  const mode = runModeOf(config);
  new Logger('DocQA').log(
    `API listening on port ${port} (database: ${mode.database}, jobs: ${mode.jobs}, rate limits: ${mode.rateLimits}); docs at /docs`,
  );
}

main().catch(exitOnStartupFailure('DocQA API'));
