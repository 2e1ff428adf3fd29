import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import {
  exitOnStartupFailure,
  installGracefulShutdown,
  loadConfigOrExit,
  releaseFreeHeap,
  runModeOf,
  startTracing,
} from '@docqa/core';
import { createWorkerApp } from './worker-app';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const mode = runModeOf(config);
  if (mode.jobs !== 'bullmq' || mode.database !== 'server') {
    // In embedded mode the api process runs jobs itself; a worker would have no queue or database to share.
    process.stderr.write('The worker needs DATABASE_URL and REDIS_URL: in embedded mode the API runs jobs itself.\n');
    process.exit(78);
  }
  const tracing = startTracing(config, 'worker');
  const app = await createWorkerApp(config);
  installGracefulShutdown(app, config.http.shutdownTimeoutMs, () => tracing.shutdown());
  await app.listen({ port: config.worker.port, host: config.http.host });
  // Start-up leaves some 100 MB of heap free that V8 would keep for good: give it back before the work starts.
  releaseFreeHeap();
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.worker.port;
  new Logger('DocQA').log(`worker running job processors; health and metrics on port ${port}`);
}

main().catch(exitOnStartupFailure('DocQA worker'));
