import type { IncomingMessage } from 'node:http';
import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { Options } from 'pino-http';
import { AppConfig } from '../config';
import { REDACTED_PATHS, REDACTION_CENSOR } from './redaction';

// Probes and scrapes arrive every few seconds; logging each would drown the useful lines.
const QUIET_PATHS = new Set(['/api/v1/health', '/api/v1/ready', '/metrics']);
// Liveness is the hottest route of all (probes, load balancers): it skips the logging middleware too.
const UNLOGGED_ROUTES = [{ path: 'health', method: RequestMethod.GET }];

function pathOf(req: IncomingMessage & { originalUrl?: string }): string {
  return (req.originalUrl ?? req.url ?? '').split('?')[0];
}

function withDestination(options: Options, destination?: DestinationStream): Options | [Options, DestinationStream] {
  return destination ? [options, destination] : options;
}

/**
 * Structured logs with nestjs-pino: JSON in production, readable lines in development, the request id
 * (`requestId`) on every line written while serving a request, and credentials redacted.
 */
@Module({})
export class LoggingModule {
  static forRoot(config: AppConfig, destination?: DestinationStream): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          exclude: UNLOGGED_ROUTES,
          pinoHttp: withDestination(
            {
              level: config.log.level,
              redact: { paths: REDACTED_PATHS, censor: REDACTION_CENSOR },
              customAttributeKeys: { reqId: 'requestId' },
              quietReqLogger: true,
              // Nest mounts middleware under the global prefix, which strips it from `req.url`.
              autoLogging: { ignore: (req) => QUIET_PATHS.has(pathOf(req)) },
              customLogLevel: (_req, res, err) =>
                err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
              serializers: {
                req: (req: { id: string; method: string; url: string; headers: Record<string, unknown> }) => ({
                  id: req.id,
                  method: req.method,
                  url: req.url,
                  headers: req.headers,
                }),
                res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
              },
              transport:
                config.log.pretty && !destination
                  ? { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l' } }
                  : undefined,
            },
            destination,
          ),
        }),
      ],
    };
  }
}
