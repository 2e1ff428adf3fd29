import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PinoLogger } from 'nestjs-pino';
import { HttpResponseObservers } from '../http/response-observers';
import { runInRequestContext } from './request-context';

// Probes and scrapes arrive every few seconds; logging each would drown the useful lines.
const QUIET_ROUTES = new Set(['/api/v1/health', '/api/v1/ready', '/metrics']);

function levelFor(status: number): 'error' | 'warn' | 'info' {
  return status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
}

/**
 * Request logging from Fastify's own hooks instead of an Express-style middleware: a Nest middleware
 * makes every request go through middie, which cost a third of the API's throughput. Each handler runs
 * inside the request's context (every line it writes carries `requestId`, see `request-context.ts`),
 * and one line is written when the response is sent. That onResponse hook is the app's only one: it
 * reads the route once and hands the response to the other observers (HTTP metrics).
 */
@Injectable()
export class RequestLogging implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly observers: HttpResponseObservers,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify?.addHook) return;
    // preHandler runs after the body is parsed; from here to the response the handler's async chain
    // (guards, pipes, controller, filters) stays inside the context.
    fastify.addHook('preHandler', (request, _reply, done) => runInRequestContext(request.id, done));
    const observers = this.observers;
    fastify.addHook('onResponse', (request, reply, done) => {
      try {
        const route = request.routeOptions.url;
        if (route === undefined || !QUIET_ROUTES.has(route)) logCompleted(request, reply);
        observers.notify(request, reply, route);
      } finally {
        done();
      }
    });
  }
}

function logCompleted(request: FastifyRequest, reply: FastifyReply): void {
  const status = reply.statusCode;
  PinoLogger.root[levelFor(status)](
    {
      requestId: request.id,
      req: { id: request.id, method: request.method, url: request.url, headers: request.headers },
      // pino-http's response serializer reports the status only of a response whose headers were sent.
      res: { statusCode: status, headersSent: true },
      responseTime: Math.round(reply.elapsedTime),
    },
    'request completed',
  );
}
