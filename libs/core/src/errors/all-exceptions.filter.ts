import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { dependencyOutage, serviceUnavailable } from './dependency-outage';
import { DomainException } from './domain.exception';
import { ErrorBody, errorBody } from './error-body';

/** Status and user-facing message of anything thrown while serving a request. */
export function describeError(exception: unknown): { status: number; message: string } {
  const outage = serviceUnavailable(exception);
  if (outage) return { status: outage.httpStatus, message: outage.message };
  if (exception instanceof DomainException) return { status: exception.httpStatus, message: exception.message };
  if (exception instanceof HttpException) {
    const res = exception.getResponse();
    const raw = typeof res === 'string' ? res : (res as { message?: unknown }).message;
    const message = Array.isArray(raw) ? raw.join('; ') : typeof raw === 'string' ? raw : exception.message;
    return { status: exception.getStatus(), message };
  }
  // Errors raised by Fastify itself (bad JSON, body too large, bad content type) carry a 4xx statusCode.
  const fastifyStatus = (exception as { statusCode?: unknown })?.statusCode;
  if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
    return { status: fastifyStatus, message: (exception as Error).message };
  }
  return { status: 500, message: 'Internal server error' };
}

/**
 * The one place errors become responses. Unexpected 5xx are logged with their stack and the request id; the client
 * only sees a generic message and the id to quote to support. PostgreSQL or Redis out of reach is an outage, not a
 * bug: 503 SERVICE_UNAVAILABLE with `Retry-After`, logged as a warning without a stack.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const failure = serviceUnavailable(exception) ?? exception;
    const body = this.toBody(failure, request);
    if (failure instanceof DomainException) void reply.headers(failure.headers);
    void reply.status(body.statusCode).send(body);
  }

  toBody(exception: unknown, request: FastifyRequest): ErrorBody {
    const { status, message } = describeError(exception);
    const route = request.routeOptions?.url;
    const outage = status === 503 ? dependencyOutage(exception) : undefined;
    if (outage) {
      // Readiness shows the outage too; a stack per request would bury the log while it lasts.
      this.logger.warn({ requestId: request.id, route, dependency: outage.dependency, reason: outage.reason }, message);
    } else if (status >= 500 && !(exception instanceof DomainException)) {
      const err = exception instanceof Error ? exception : new Error(String(exception));
      this.logger.error({ err, requestId: request.id, route }, 'request failed');
    } else if (status >= 500) {
      // Expected outages (a dependency down) are reported without a stack: readiness probes repeat them.
      this.logger.warn({ requestId: request.id, route }, message);
    }
    return errorBody(status, message, request.id);
  }
}
