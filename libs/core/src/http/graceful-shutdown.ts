import type { INestApplication } from '@nestjs/common';
import { Logger } from '@nestjs/common';

/**
 * On SIGTERM or SIGINT: stop accepting requests, let in-flight ones finish, close the queue, the
 * database and Redis (each module's shutdown hook), then exit. If that takes longer than `timeoutMs`,
 * exit anyway so an orchestrator never has to SIGKILL us.
 */
export function installGracefulShutdown(
  app: INestApplication,
  timeoutMs: number,
  /** Runs once the app has closed, before the exit (e.g. sending the last trace spans). */
  afterClose: () => Promise<void> = async () => undefined,
): void {
  const logger = new Logger('Shutdown');
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    logger.log(`${signal} received: closing`);
    const force = setTimeout(() => {
      logger.error(`still closing after ${timeoutMs} ms: exiting anyway`);
      process.exit(1);
    }, timeoutMs);
    force.unref();
    app
      .close()
      .then(() => afterClose())
      .then(() => {
        logger.log('closed cleanly');
        process.exit(0);
      })
      .catch((err: unknown) => {
        logger.error({ err }, 'error while closing');
        process.exit(1);
      });
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}
