import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { ATTR_HTTP_ROUTE, ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { dirname } from 'node:path';
import type { AppConfig } from '../config';
import type { Tracing } from './tracing';

/** Probes and scrapes arrive every few seconds from every orchestrator and Prometheus: not worth a trace each. */
const UNTRACED = new Set(['/api/v1/health', '/api/v1/ready', '/metrics']);

/** The modules the instrumentations patch. Loaded before tracing starts (the apps import them at the top). */
const PATCHED = ['http', 'https', 'pg', 'pg-pool', 'ioredis'];

/** Loaded only when OTEL_ENABLED is true (see tracing.ts). */
export function setupTracing(
  settings: AppConfig['tracing'],
  process_: { role: 'api' | 'worker'; environment: string },
): Tracing {
  const exporter = new OTLPTraceExporter({ url: `${settings.endpoint}/v1/traces`, headers: settings.headers });
  const provider = new TracerProvider({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: settings.serviceName ?? `docqa-${process_.role}`,
      'deployment.environment.name': process_.environment,
    }),
    // A request whose caller traced it is traced too, so a trace never has holes; new traces are sampled.
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(settings.samplerRatio) }),
    spanProcessors: [new BatchSpanProcessor({ exporter })],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  const unregister = registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => UNTRACED.has((request.url ?? '').split('?')[0]),
      }),
      // Queries and commands outside a request (job polling, queue heartbeats, cache refreshes) would
      // otherwise each start a trace of their own, many per second.
      new PgInstrumentation({ requireParentSpan: true }),
      new IORedisInstrumentation({ requireParentSpan: true }),
    ],
  });
  patchLoadedModules();
  return {
    enabled: true,
    shutdown: async () => {
      await provider.shutdown();
      unregister();
    },
  };
}

/**
 * The instrumentations patch a module when it is required. The process has already required these (the app's
 * imports ran before `main`), so each is required once more here: the hook then patches the loaded module's
 * prototypes in place, which the code holding it sees at once.
 */
function patchLoadedModules(): void {
  for (const name of PATCHED) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(name.startsWith('pg') || name === 'ioredis' ? dirname(require.resolve(`${name}/package.json`)) : name);
    } catch {
      // not installed (a trimmed image): nothing to patch
    }
  }
}

/** Names the request's span `METHOD /route/:param` and tags it with the request id of the logs. */
export function nameRequestSpan(request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
  const span = trace.getActiveSpan();
  const route = request.routeOptions?.url;
  if (span && route) {
    span.updateName(`${request.method} ${route}`);
    span.setAttribute(ATTR_HTTP_ROUTE, route);
  }
  span?.setAttribute('docqa.request_id', String(request.id));
  done();
}

/** A span around work no request started (a job run), with the queries and commands inside it as children. */
export function runInSpan<T>(
  name: string,
  attributes: Record<string, string | number>,
  work: () => Promise<T>,
): Promise<T> {
  return trace.getTracer('docqa').startActiveSpan(name, { kind: SpanKind.CONSUMER, attributes }, async (span) => {
    try {
      return await work();
    } catch (err) {
      span.recordException(err instanceof Error ? err : String(err));
      span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
      throw err;
    } finally {
      span.end();
    }
  });
}
