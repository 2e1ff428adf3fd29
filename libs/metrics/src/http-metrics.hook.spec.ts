import type { FastifyReply, FastifyRequest } from 'fastify';
import { Counter, Histogram, Registry } from 'prom-client';
import { HttpResponseObservers } from '@docqa/core';
import { HttpMetricsHook } from './http-metrics.hook';
import { METRICS } from './metric-names';

function httpMetrics(registry: Registry): { requests: Counter<string>; duration: Histogram<string> } {
  const labelNames = [...METRICS.http_requests_total.labelNames];
  return {
    requests: new Counter({ name: 'http_requests_total', help: 'h', labelNames, registers: [registry] }),
    duration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'h',
      labelNames,
      buckets: [...METRICS.http_request_duration_seconds.buckets],
      registers: [registry],
    }),
  };
}

type Response = [method: string, route: string | undefined, status: number, ms: number];

const RESPONSES: Response[] = [
  ['GET', '/api/v1/health', 200, 0.4],
  ['GET', '/api/v1/health', 200, 3],
  ['GET', undefined, 404, 1],
  ['POST', '/api/v1/documents', 202, 180],
  ['POST', '/api/v1/documents', 413, 9000], // above the last bucket: only in +Inf
  ['GET', '/api/v1/health', 200, 0.001],
];

describe('HTTP metrics hook', () => {
  let registry: Registry;
  let observers: HttpResponseObservers;
  let metrics: ReturnType<typeof httpMetrics>;
  let reference: Registry;
  let referenceMetrics: ReturnType<typeof httpMetrics>;

  beforeEach(() => {
    registry = new Registry();
    observers = new HttpResponseObservers();
    metrics = httpMetrics(registry);
    new HttpMetricsHook(observers, metrics.requests, metrics.duration).onModuleInit();
    reference = new Registry();
    referenceMetrics = httpMetrics(reference);
  });

  /** What prom-client itself reports when every response (so far) is counted and observed directly. */
  function expected(responses: Response[]): Promise<string> {
    const { requests, duration } = referenceMetrics;
    for (const [method, route, status, ms] of responses) {
      const labels = { method, route: route ?? 'unmatched', status: String(status) };
      requests.inc(labels);
      duration.observe(labels, ms / 1000);
    }
    return reference.metrics();
  }

  function respond(responses: Response[]): void {
    for (const [method, route, status, ms] of responses) {
      const request = { method } as FastifyRequest;
      const reply = { statusCode: status, elapsedTime: ms } as FastifyReply;
      observers.notify(request, reply, route);
    }
  }

  it('reports exactly what observing each response would, scrape after scrape', async () => {
    respond(RESPONSES.slice(0, 4));
    expect(await registry.metrics()).toBe(await expected(RESPONSES.slice(0, 4)));
    respond(RESPONSES.slice(4));
    expect(await registry.metrics()).toBe(await expected(RESPONSES.slice(4)));
    expect(await registry.metrics()).toMatch(
      /http_requests_total\{method="GET",route="\/api\/v1\/health",status="200"\} 3/,
    );
  });

  it('starts again from zero after a registry reset', async () => {
    respond(RESPONSES);
    await registry.metrics();
    registry.resetMetrics();
    reference.resetMetrics();
    respond(RESPONSES.slice(0, 2));
    expect(await registry.metrics()).toBe(await expected(RESPONSES.slice(0, 2)));
  });

  it('leaves prom-client alone while responses go out: the counts move over when a scrape collects them', async () => {
    const observe = jest.spyOn(metrics.duration, 'observe');
    const inc = jest.spyOn(metrics.requests, 'inc');
    respond(RESPONSES);
    expect(observe).not.toHaveBeenCalled();
    expect(inc).not.toHaveBeenCalled();
    await registry.metrics();
    expect(inc).toHaveBeenCalledTimes(4); // once per series
  });
});
