import 'reflect-metadata';
import { exitOnStartupFailure, installGracefulShutdown, loadConfigOrExit, runModeOf } from '@docqa/core';
import { Logger } from '@nestjs/common';
import { createApiApp } from './api-app';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const app = await createApiApp(config);
  installGracefulShutdown(app, config.http.shutdownTimeoutMs);
  await app.listen({ port: config.http.port, host: config.http.host });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.http.port;
  const mode = runModeOf(config);
  new Logger('DocQA').log(
    `API listening on port ${port} (database: ${mode.database}, jobs: ${mode.jobs}, rate limits: ${mode.rateLimits}); docs at /docs`,
  );
}

main().catch(exitOnStartupFailure('DocQA API'));
