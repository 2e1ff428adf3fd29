import { Logger } from '@nestjs/common';
import { AbstractLogger, LogLevel, LogMessage } from 'typeorm';

/**
 * Sends TypeORM's messages through Nest's logger, so they come out as the app's structured log lines.
 * A failed query is logged at debug: the caller either handles the error or it becomes a 500 that the
 * global filter logs with the request id.
 */
export class NestTypeOrmLogger extends AbstractLogger {
  private readonly logger = new Logger('TypeORM');

  protected writeLog(
    level: LogLevel,
    logMessage: LogMessage | string | number | (LogMessage | string | number)[],
  ): void {
    for (const message of this.prepareLogMessages(logMessage, { highlightSql: false })) {
      const text = message.prefix ? `${message.prefix} ${String(message.message)}` : String(message.message);
      switch (message.type ?? level) {
        case 'warn':
        case 'query-slow':
          this.logger.warn(text);
          break;
        case 'error':
          this.logger.error(text);
          break;
        case 'migration':
        case 'log':
        case 'info':
          this.logger.log(text);
          break;
        default:
          this.logger.debug(text);
      }
    }
  }
}
