import { randomBytes } from 'node:crypto';
import { FAST_AUTH_ENV, PASSWORD, uniqueEmail } from '../support/accounts';
import { spawnBuiltApp, type SpawnedApp } from '../support/spawn-app';
import { databaseFor, databaseModes, SERVER_REDIS_URL, uniqueName } from '../support/test-env';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from './otlp-receiver';

// Real processes on a shared two-core machine: starting, ingesting and shutting down can take a while.
jest.setTimeout(180_000);

const SERVER = 2; // OTLP SpanKind
const HTTP = '@opentelemetry/instrumentation-http';
const PG = '@opentelemetry/instrumentation-pg';
const REDIS = '@opentelemetry/instrumentation-ioredis';

async function register(url: string, traceparent?: string): Promise<Response> {
  return fetch(`${url}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(traceparent ? { traceparent } : {}) },
    body: JSON.stringify({ email: uniqueEmail('trace'), password: PASSWORD }),
  });
}

/**
 * The built API as a real process (the way `npm start` runs it), with the mode's database and Redis; in
 * server mode with a worker too, which runs the jobs there.
 */
async function spawnApi(mode: 'embedded' | 'server', env: Record<string, string>) {
  const db = await databaseFor(mode);
  const redis =
    mode === 'server' && SERVER_REDIS_URL ? { REDIS_URL: SERVER_REDIS_URL, REDIS_KEY_PREFIX: uniqueName('otel') } : {};
  const common = {
    NODE_ENV: 'test',
    ...db.env,
    ...redis,
    ...FAST_AUTH_ENV,
    EMBEDDING_PROVIDER: 'offline',
    SHUTDOWN_TIMEOUT_MS: '60000',
  };
  let app: SpawnedApp | undefined;
  try {
    // Generous start-up limits: a loaded two-core machine can take half a minute to start the API.
    app = await spawnBuiltApp('apps/api/src/main.js', { ...common, ...env }, 120_000);
    const { OTEL_SERVICE_NAME: _apiOnly, ...workerEnv } = env;
    const worker =
      mode === 'server'
        ? await spawnBuiltApp('apps/worker/src/main.js', { ...common, ...workerEnv }, 120_000)
        : undefined;
    return { app, worker, db };
  } catch (err) {
    await stop(app);
    await db.cleanup();
    throw err;
  }
}

async function stop(app: SpawnedApp | undefined): Promise<{ code: number | null } | undefined> {
  if (!app || app.proc.exitCode !== null) return undefined;
  app.proc.kill('SIGTERM');
  return app.exited;
}

describe.each(databaseModes())('OpenTelemetry tracing (%s)', (mode) => {
  let receiver: OtlpReceiver;
  let app: SpawnedApp;
  let worker: SpawnedApp | undefined;
  let db: { cleanup(): Promise<void> };

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    ({ app, worker, db } = await spawnApi(mode, {
      OTEL_ENABLED: 'true',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer%20collector-key',
      OTEL_SERVICE_NAME: 'docqa-tracing-test',
    }));
  }, 300_000);
  afterAll(async () => {
    await stop(app);
    await stop(worker);
    await db?.cleanup();
    await receiver?.close();
  });

  it('exports a request as a server span named after its route, continuing the caller trace, with its queries', async () => {
    // A probe first: probes and scrapes are not traced, so nothing of it may arrive.
    expect((await fetch(`${app.url}/api/v1/health`)).status).toBe(200);
    expect((await fetch(`${app.url}/metrics`)).status).toBe(200);

    const traceId = randomBytes(16).toString('hex');
    const parentId = randomBytes(8).toString('hex');
    const res = await register(app.url, `00-${traceId}-${parentId}-01`);
    expect(res.status).toBe(201);
    const requestId = res.headers.get('x-request-id');

    const inTrace = (spans: ReceivedSpan[]) => spans.filter((s) => s.traceId === traceId);
    const spans = inTrace(
      await receiver.waitFor((all) => {
        const mine = inTrace(all);
        return mine.some((s) => s.scope === HTTP) && mine.some((s) => s.scope === PG);
      }),
    );
    const server = spans.find((s) => s.scope === HTTP && s.kind === SERVER)!;
    expect(server).toMatchObject({
      name: 'POST /api/v1/auth/register',
      parentSpanId: parentId,
      attributes: expect.objectContaining({ 'http.route': '/api/v1/auth/register', 'docqa.request_id': requestId }),
      resource: expect.objectContaining({ 'service.name': 'docqa-tracing-test' }),
    });
    // The INSERT of the new user is among the request's queries.
    const queries = spans.filter((s) => s.scope === PG);
    expect(queries.map((q) => String(q.attributes['db.query.text']))).toContainEqual(
      expect.stringMatching(/^INSERT INTO "users"/),
    );

    const probes = receiver.spans.filter((s) => s.scope === HTTP && /health|metrics/.test(JSON.stringify(s)));
    expect(probes).toEqual([]);
  });

  (mode === 'server' ? it : it.skip)('traces the Redis commands a request sends (server mode: Redis)', async () => {
    const traceId = randomBytes(16).toString('hex');
    expect((await register(app.url, `00-${traceId}-${randomBytes(8).toString('hex')}-01`)).status).toBe(201);
    const spans = await receiver.waitFor((all) => all.some((s) => s.traceId === traceId && s.scope === REDIS));
    const commands = spans.filter((s) => s.traceId === traceId && s.scope === REDIS);
    expect(commands.length).toBeGreaterThan(0);
  });

  it('runs each job in a span of its own, with the queries of the run under it', async () => {
    const res = await register(app.url);
    const { accessToken } = (await res.json()) as { accessToken: string };
    const form = new FormData();
    form.append('file', new Blob(['## Tracing\n\nEvery ingestion run is a span of its own.\n']), 'traced.md');
    const upload = await fetch(`${app.url}/api/v1/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}` },
      body: form,
    });
    expect(upload.status).toBe(202);
    const spans = await receiver.waitFor((all) => {
      const job = all.find((s) => s.name === 'job ingest');
      return !!job && all.some((s) => s.scope === PG && s.parentSpanId === job.spanId);
    }, 60_000);
    const job = spans.find((s) => s.name === 'job ingest')!;
    expect(job.attributes).toMatchObject({ 'docqa.job.queue': 'ingestion', 'docqa.job.attempt': 1 });
    // Jobs run in the API in embedded mode and in the worker in server mode.
    expect(job.resource['service.name']).toBe(mode === 'server' ? 'docqa-worker' : 'docqa-tracing-test');
  });

  it('sends the configured headers to the collector, and its last spans on SIGTERM before exiting cleanly', async () => {
    expect(receiver.requests.length).toBeGreaterThan(0);
    for (const headers of receiver.requests) {
      expect(headers.authorization).toBe('Bearer collector-key');
      expect(headers['content-type']).toMatch(/^application\/json/);
    }
    // A span that ends right before the signal is still sent: shutdown flushes the batch.
    const traceId = randomBytes(16).toString('hex');
    expect((await register(app.url, `00-${traceId}-${randomBytes(8).toString('hex')}-01`)).status).toBe(201);
    const exit = await stop(app);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(receiver.spans.some((s) => s.traceId === traceId && s.scope === HTTP)).toBe(true);
  });
});

describe('OpenTelemetry tracing off (the default)', () => {
  it('sends nothing, even with an endpoint configured', async () => {
    const receiver = await startOtlpReceiver();
    try {
      const { app, db } = await spawnApi('embedded', { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url });
      try {
        expect((await register(app.url)).status).toBe(201);
        expect(await stop(app)).toEqual({ code: 0, signal: null });
        expect(receiver.requests).toEqual([]);
      } finally {
        await stop(app);
        await db.cleanup();
      }
    } finally {
      await receiver.close();
    }
  }, 300_000);
});
