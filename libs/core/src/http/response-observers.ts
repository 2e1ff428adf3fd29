import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Told about every response once it is sent, with its route template (undefined when no route matched). */
export type ResponseObserver = (request: FastifyRequest, reply: FastifyReply, route: string | undefined) => void;

/**
 * Whoever needs to see every response (the completion log line, HTTP metrics) registers here instead of
 * adding a Fastify onResponse hook of its own: the app has a single onResponse hook (RequestLogging's),
 * which reads the route once and tells every observer in order.
 */
@Injectable()
export class HttpResponseObservers {
  private readonly observers: ResponseObserver[] = [];

  add(observer: ResponseObserver): void {
    this.observers.push(observer);
  }

  notify(request: FastifyRequest, reply: FastifyReply, route: string | undefined): void {
    const observers = this.observers;
    for (let i = 0; i < observers.length; i++) observers[i](request, reply, route);
  }
}
