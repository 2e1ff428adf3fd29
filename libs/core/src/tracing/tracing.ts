import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { AppConfig } from '../config';

/** A running tracer, or the stand-in used while tracing is off. */
export interface Tracing {
  readonly enabled: boolean;
  /** Sends the spans not yet exported and stops tracing; a no-op when tracing is off. */
  shutdown(): Promise<void>;
}

const OFF: Tracing = Object.freeze({ enabled: false, shutdown: async () => undefined });

type SpanRunner = <T>(name: string, attributes: Record<string, string | number>, work: () => Promise<T>) => Promise<T>;
/** Set while tracing is on, so code that starts work of its own (a job run) can open a span for it. */
let spanRunner: SpanRunner | undefined;

/**
 * Runs `work` in a span of its own when tracing is on: for work no request started (a job run), so the
 * queries and commands inside it are traced too. With tracing off it only calls `work`.
 */
export function inSpan<T>(
  name: string,
  attributes: Record<string, string | number>,
  work: () => Promise<T>,
): Promise<T> {
  return spanRunner ? spanRunner(name, attributes, work) : work();
}

/**
 * Starts OpenTelemetry tracing when OTEL_ENABLED is true: spans for HTTP requests (incoming, and outgoing
 * through node:http), PostgreSQL queries and Redis commands, exported over OTLP/HTTP. Call it first thing in a
 * process, before the app is created. With tracing off nothing of the OpenTelemetry SDK is loaded, so it
 * costs nothing.
 */
export function startTracing(config: AppConfig, role: 'api' | 'worker'): Tracing {
  if (!config.tracing.enabled) return OFF;
  const setup = loadSetup();
  const tracing = setup.setupTracing(config.tracing, { role, environment: config.env });
  spanRunner = setup.runInSpan;
  return {
    enabled: true,
    shutdown: async () => {
      spanRunner = undefined;
      await tracing.shutdown();
    },
  };
}

/**
 * A Fastify `onRequest` hook that names the request's span after its route (`GET /api/v1/documents/:id`,
 * not one name per URL) and tags it with the request id the logs carry; undefined while tracing is off.
 */
export function traceRouteHook(
  config: AppConfig,
): ((request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => void) | undefined {
  return config.tracing.enabled ? loadSetup().nameRequestSpan : undefined;
}

function loadSetup(): typeof import('./otel-setup') {
  // Required on demand, never imported at the top: that is what keeps a process without tracing free of it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./otel-setup') as typeof import('./otel-setup');
}
