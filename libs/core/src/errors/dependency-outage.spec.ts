import { Logger, NotFoundException, type ArgumentsHost } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { MaxRetriesPerRequestError } from 'ioredis/built/errors';
import { DatabaseError } from 'pg';
import { QueryFailedError } from 'typeorm';
import { AllExceptionsFilter, describeError } from './all-exceptions.filter';
import { dependencyOutage, OUTAGE_RETRY_AFTER_SECONDS, serviceUnavailable } from './dependency-outage';
import { CoreErrorCode, CoreException } from './domain.exception';

/** An error as Node's net module raises it for a refused or cut connection. */
function socketError(code: string, message = `connect ${code} 127.0.0.1:5432`): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code, errno: -111, syscall: 'connect' });
}

/** A PostgreSQL error reply with `code` (SQLSTATE), as node-postgres builds it, wrapped by TypeORM. */
function pgFailure(code: string, message: string): QueryFailedError {
  const err = new DatabaseError(message, 100, 'error');
  err.code = code;
  return new QueryFailedError('SELECT 1', [], err);
}

describe('dependencyOutage', () => {
  it('recognises PostgreSQL out of reach: refused or reset sockets, dropped connections, unavailable SQLSTATEs', () => {
    expect(dependencyOutage(socketError('ECONNREFUSED'))).toEqual({
      dependency: 'network',
      reason: 'connect ECONNREFUSED 127.0.0.1:5432',
    });
    expect(dependencyOutage(socketError('ECONNRESET', 'read ECONNRESET'))?.dependency).toBe('network');
    // A dual-stack connect refused on both addresses.
    const both = Object.assign(new AggregateError([socketError('ECONNREFUSED'), socketError('ECONNREFUSED')]), {
      code: 'ECONNREFUSED',
    });
    expect(dependencyOutage(both)?.dependency).toBe('network');
    expect(dependencyOutage(new AggregateError([socketError('ECONNREFUSED')]))?.dependency).toBe('network');
    expect(dependencyOutage(new Error('Connection terminated unexpectedly'))?.dependency).toBe('database');
    expect(dependencyOutage(new Error('Connection terminated due to connection timeout'))?.dependency).toBe('database');
    expect(dependencyOutage(new Error('timeout exceeded when trying to connect'))?.dependency).toBe('database');
    for (const code of ['08006', '08001', '57P01', '57P02', '57P03', '53300']) {
      expect(dependencyOutage(pgFailure(code, 'terminating connection'))).toEqual({
        dependency: 'database',
        reason: 'terminating connection',
      });
    }
  });

  it('recognises Redis out of reach as ioredis and BullMQ report it', () => {
    expect(dependencyOutage(new MaxRetriesPerRequestError(1))?.dependency).toBe('redis');
    expect(
      dependencyOutage(new Error("Stream isn't writeable and enableOfflineQueue options is false"))?.dependency,
    ).toBe('redis');
    expect(dependencyOutage(new Error('Connection is closed.'))?.dependency).toBe('redis');
    // Wrapped by the code that called it.
    const wrapped = new Error('could not enqueue', { cause: new Error('Connection is closed.') });
    expect(dependencyOutage(wrapped)).toEqual({ dependency: 'redis', reason: 'Connection is closed.' });
  });

  it('leaves real failures alone: statement errors, bugs, and anything that is not an error', () => {
    expect(dependencyOutage(pgFailure('23505', 'duplicate key value'))).toBeUndefined();
    expect(dependencyOutage(pgFailure('42P01', 'relation "x" does not exist'))).toBeUndefined();
    expect(dependencyOutage(pgFailure('57014', 'canceling statement due to statement timeout'))).toBeUndefined();
    expect(dependencyOutage(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBeUndefined();
    expect(dependencyOutage(Object.assign(new Error('no such file'), { code: 'ENOENT' }))).toBeUndefined();
    expect(dependencyOutage('Connection is closed.')).toBeUndefined();
    expect(dependencyOutage(undefined)).toBeUndefined();
    const loop: Error & { cause?: unknown } = new Error('a');
    loop.cause = loop;
    expect(dependencyOutage(loop)).toBeUndefined();
  });
});

describe('serviceUnavailable', () => {
  it('is a 503 SERVICE_UNAVAILABLE with Retry-After that keeps the driver error as its cause', () => {
    const cause = new MaxRetriesPerRequestError(1);
    const ex = serviceUnavailable(cause)!;
    expect(ex).toBeInstanceOf(CoreException);
    expect(ex.code).toBe(CoreErrorCode.ServiceUnavailable);
    expect(ex.httpStatus).toBe(503);
    expect(ex.headers).toEqual({ 'Retry-After': String(OUTAGE_RETRY_AFTER_SECONDS) });
    expect(ex.cause).toBe(cause);
    expect(ex.message).not.toContain('max retries');
    // Converting again gives the same exception, so the agent and the filter agree.
    expect(serviceUnavailable(ex)).toBe(ex);
  });

  it("keeps a stage's own exception and HTTP exceptions, whatever they wrap", () => {
    const own = new CoreException(CoreErrorCode.NotFound, 'no such document', { cause: socketError('ECONNREFUSED') });
    expect(serviceUnavailable(own)).toBeUndefined();
    expect(describeError(own).status).toBe(404);
    expect(serviceUnavailable(new NotFoundException())).toBeUndefined();
    expect(serviceUnavailable(new Error('boom'))).toBeUndefined();
  });
});

describe('AllExceptionsFilter on an outage', () => {
  function run(exception: unknown) {
    const sent: { status?: number; headers: Record<string, string>; body?: unknown } = { headers: {} };
    const reply = {
      headers(h: Record<string, string>) {
        Object.assign(sent.headers, h);
        return reply;
      },
      status(code: number) {
        sent.status = code;
        return reply;
      },
      send(body: unknown) {
        sent.body = body;
        return reply;
      },
    };
    const request = { id: 'req-1', routeOptions: { url: '/api/v1/search' } };
    const host = {
      switchToHttp: () => ({
        getRequest: () => request as unknown as FastifyRequest,
        getResponse: () => reply as unknown as FastifyReply,
      }),
    } as unknown as ArgumentsHost;
    new AllExceptionsFilter().catch(exception, host);
    return sent;
  }

  afterEach(() => jest.restoreAllMocks());

  it('answers 503 with Retry-After and logs a warning without the stack', () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const sent = run(pgFailure('57P01', 'terminating connection due to administrator command'));
    expect(sent.status).toBe(503);
    expect(sent.headers['Retry-After']).toBe(String(OUTAGE_RETRY_AFTER_SECONDS));
    expect(sent.body).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: 'temporarily unavailable: cannot reach the database; retry shortly',
      requestId: 'req-1',
    });
    expect(error).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledTimes(1);
    const [fields] = warn.mock.calls[0] as [Record<string, unknown>];
    expect(fields).toEqual({
      requestId: 'req-1',
      route: '/api/v1/search',
      dependency: 'database',
      reason: 'terminating connection due to administrator command',
    });
    expect(fields).not.toHaveProperty('err');
  });

  it('still answers a bug 500 with its stack logged', () => {
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const sent = run(new TypeError('x is undefined'));
    expect(sent.status).toBe(500);
    expect(sent.headers).toEqual({});
    expect((error.mock.calls[0] as [{ err: Error }])[0].err).toBeInstanceOf(TypeError);
  });
});
