import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { Options } from 'pino-http';
import { AppConfig } from '../config';
import { HttpResponseObservers } from '../http/response-observers';
import { scrubLogObject } from './log-scrubber';
import { REDACTED_PATHS, REDACTION_CENSOR } from './redaction';
import { requestIdLogFields } from './request-context';
import { RequestLogging } from './request-logging';

function withDestination(options: Options, destination?: DestinationStream): Options | [Options, DestinationStream] {
  return destination ? [options, destination] : options;
}

/**
 * Structured logs with nestjs-pino: JSON in production, readable lines in development, the request id
 * (`requestId`) on every line written while serving a request, and credentials redacted. nestjs-pino's
 * own HTTP middleware is not mounted (`forRoutes: []`): `RequestLogging` does its job from Fastify hooks.
 */
@Module({})
export class LoggingModule {
  static forRoot(config: AppConfig, destination?: DestinationStream): DynamicModule {
    return {
      module: LoggingModule,
      // Global so that any module can observe responses (HttpResponseObservers) without importing the core.
      global: true,
      imports: [
        LoggerModule.forRoot({
          forRoutes: [],
          pinoHttp: withDestination(
            {
              level: config.log.level,
              redact: { paths: REDACTED_PATHS, censor: REDACTION_CENSOR },
              // `requestId` comes from the request's async context when a line is written (no child logger per request).
              mixin: requestIdLogFields,
              // A pass another lib may install (setLogScrubber): the safety lib masks PII in free-text fields.
              formatters: { log: scrubLogObject },
              // The request log line is built by RequestLogging from plain objects; log them as they are.
              serializers: { req: (req: unknown) => req, res: (res: unknown) => res },
              transport:
                config.log.pretty && !destination
                  ? { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l' } }
                  : undefined,
            },
            destination,
          ),
        }),
      ],
      providers: [HttpResponseObservers, RequestLogging],
      exports: [HttpResponseObservers],
    };
  }
}
