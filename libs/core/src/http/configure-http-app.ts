import { ValidationPipe } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import { Logger } from 'nestjs-pino';
import { AppConfig } from '../config';
import { AllExceptionsFilter, validationException } from '../errors';
import { REQUEST_ID_HEADER } from '../logging';
import { traceRouteHook } from '../tracing';
import { securityHeaders } from './security-headers';

export const API_PREFIX = 'api/v1';
/** Where the Swagger UI pages are served (HTML, so they get the document security headers). */
export const DOCS_PATH = '/docs';

/**
 * Everything both apps apply on top of their modules: logging, the /api/v1 prefix, validation, the one
 * error filter, the request id header,
 * security headers and CORS.
 */
export function configureHttpApp(app: NestFastifyApplication, config: AppConfig): void {
  app.useLogger(app.get(Logger));
  app.flushLogs();
  // `/mcp` is where MCP clients expect DocQA's MCP server, as they do on other servers.
  app.setGlobalPrefix(API_PREFIX, { exclude: ['metrics', 'mcp'] });
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: validationException,
    }),
  );
  // Nest routes Fastify's own errors (bad JSON, 413, unknown routes) through the global filters too.
  app.useGlobalFilters(new AllExceptionsFilter());

  const fastify: FastifyInstance = app.getHttpAdapter().getInstance();
  // Header lists built once; the hook only copies them onto the reply, with the request id.
  const security = securityHeaders();
  const htmlHeaders = Object.entries(security.html);
  const apiHeaders = Object.entries(security.api);
  fastify.addHook('onRequest', (request, reply, done) => {
    const headers = request.url.startsWith(DOCS_PATH) ? htmlHeaders : apiHeaders;
    for (let i = 0; i < headers.length; i++) void reply.header(headers[i][0], headers[i][1]);
    void reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
  // With tracing on, each request's span is named after its route (added only then: no cost when off).
  const nameSpan = traceRouteHook(config);
  if (nameSpan) fastify.addHook('onRequest', nameSpan);
  const origins = config.http.corsOrigins;
  if (origins.length) {
    app.enableCors({
      origin: origins.includes('*') ? true : origins,
      exposedHeaders: [
        REQUEST_ID_HEADER,
        'retry-after',
        'x-ratelimit-limit',
        'x-ratelimit-remaining',
        'x-ratelimit-reset',
      ],
    });
  }
}
