import { databaseFor, testConfig } from '../support/test-env';
import { readJson, RunningApp, startProbeApp } from '../support/http-app';

const ERROR_KEYS = ['error', 'message', 'requestId', 'statusCode'];

describe('errors, request ids and logs (shared HTTP bootstrap)', () => {
  let running: RunningApp;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const db = await databaseFor('embedded');
    cleanup = db.cleanup;
    running = await startProbeApp(
      testConfig({ ...db.env, LOG_LEVEL: 'info', BODY_LIMIT_BYTES: '2048', CORS_ORIGINS: 'https://app.example' }),
    );
  });
  afterAll(async () => {
    await running?.close();
    await cleanup?.();
  });

  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${running.url}${path}`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', ...headers },
    });

  it('echoes a valid X-Request-ID and puts it in the error body', async () => {
    const res = await fetch(`${running.url}/api/v1/nowhere`, { headers: { 'x-request-id': 'trace-abc.123' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('x-request-id')).toBe('trace-abc.123');
    const body = await readJson(res);
    expect(Object.keys(body).sort()).toEqual(ERROR_KEYS);
    expect(body).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'Cannot GET /api/v1/nowhere',
      requestId: 'trace-abc.123',
    });
  });

  it('generates an id when none or an unsafe one is given', async () => {
    const none = await fetch(`${running.url}/api/v1/health`);
    expect(none.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const unsafe = await fetch(`${running.url}/api/v1/health`, { headers: { 'x-request-id': 'bad id\twith spaces' } });
    expect(unsafe.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(unsafe.headers.get('x-request-id')).not.toBe(none.headers.get('x-request-id'));
  });

  it('names every invalid field, nested ones by path, and rejects unknown fields', async () => {
    const res = await post(
      '/api/v1/probe/echo',
      JSON.stringify({ email: 'nope', count: 11, address: { city: 5 }, extra: 1 }),
    );
    expect(res.status).toBe(400);
    const body = await readJson(res);
    expect(Object.keys(body).sort()).toEqual(ERROR_KEYS);
    expect(body.error).toBe('Bad Request');
    expect(body.message).toMatch(/^Validation failed: /);
    for (const part of [
      'email must be an email',
      'count must not be greater than 10',
      'address.city must be a string',
      'property extra should not exist',
    ]) {
      expect(body.message).toContain(part);
    }
  });

  it('accepts a valid body and transforms it', async () => {
    const res = await post(
      '/api/v1/probe/echo',
      JSON.stringify({ email: 'a@b.example', count: 3, address: { city: 'Oslo' } }),
    );
    expect(res.status).toBe(201);
    expect(await readJson(res)).toEqual({ email: 'a@b.example', count: 3, address: { city: 'Oslo' } });
  });

  it('answers malformed JSON with 400 in the standard shape', async () => {
    const res = await post('/api/v1/probe/echo', '{"email": ', { 'x-request-id': 'bad-json-1' });
    expect(res.status).toBe(400);
    const body = await readJson(res);
    expect(Object.keys(body).sort()).toEqual(ERROR_KEYS);
    expect(body.requestId).toBe('bad-json-1');
  });

  it('answers a body over the limit with 413 in the standard shape', async () => {
    const res = await post('/api/v1/probe/echo', JSON.stringify({ email: 'x'.repeat(5000) }));
    expect(res.status).toBe(413);
    const body = await readJson(res);
    expect(Object.keys(body).sort()).toEqual(ERROR_KEYS);
    expect(body.error).toBe('Payload Too Large');
  });

  it('hides a crash behind a generic 500 and logs its stack with the request id', async () => {
    const res = await fetch(`${running.url}/api/v1/probe/crash`, { headers: { 'x-request-id': 'crash-1' } });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain('sw0rdfish');
    expect(JSON.parse(text)).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'Internal server error',
      requestId: 'crash-1',
    });
    const logged = running.logs.find((l) => l.requestId === 'crash-1' && l.level === 50 && l.err);
    expect(logged).toBeDefined();
    expect((logged!.err as { stack: string }).stack).toContain('database password is sw0rdfish');
  });

  it('answers a dependency out of reach with 503 and Retry-After, logged as a warning without a stack', async () => {
    const res = await fetch(`${running.url}/api/v1/probe/outage`, { headers: { 'x-request-id': 'outage-1' } });
    expect(res.status).toBe(503);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = await readJson(res);
    expect(Object.keys(body).sort()).toEqual(ERROR_KEYS);
    expect(body).toMatchObject({ statusCode: 503, error: 'Service Unavailable', requestId: 'outage-1' });
    expect(body.message).not.toContain('ECONNREFUSED');
    const lines = running.logs.filter((l) => l.requestId === 'outage-1' && l.context === 'Errors');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 40, dependency: 'network' });
    expect(lines[0].reason).toContain('ECONNREFUSED');
    expect(lines[0]).not.toHaveProperty('err');
  });

  it('puts the request id on every log line of the request and redacts credentials', async () => {
    const res = await post(
      '/api/v1/probe/echo',
      JSON.stringify({ email: 'a@b.example', count: 1, address: { city: 'x' } }),
      {
        'x-request-id': 'log-check-1',
        authorization: 'Bearer super-secret-token',
        cookie: 'session=cookie-secret',
        'x-api-key': 'dq_live_key_secret',
      },
    );
    expect(res.status).toBe(201);
    await new Promise((r) => setTimeout(r, 50));
    const lines = running.logs.filter((l) => JSON.stringify(l).includes('log-check-1'));
    expect(lines.length).toBeGreaterThanOrEqual(2); // the handler's own line and the completion line
    expect(lines.every((l) => l.requestId === 'log-check-1')).toBe(true);
    const all = JSON.stringify(running.logs);
    for (const secret of ['super-secret-token', 'cookie-secret', 'dq_live_key_secret', 'hunter2-in-a-log-object']) {
      expect(all).not.toContain(secret);
    }
    const completed = lines.find((l) => l.req);
    expect((completed!.req as { headers: Record<string, string> }).headers.authorization).toBe('[redacted]');
  });

  it('does not log probe requests, which arrive every few seconds', async () => {
    await fetch(`${running.url}/api/v1/health`, { headers: { 'x-request-id': 'probe-quiet-1' } });
    await fetch(`${running.url}/api/v1/ready`, { headers: { 'x-request-id': 'probe-quiet-2' } });
    await fetch(`${running.url}/api/v1/nowhere`, { headers: { 'x-request-id': 'not-a-probe' } });
    await new Promise((r) => setTimeout(r, 50));
    const ids = new Set(running.logs.map((l) => l.requestId));
    expect(ids.has('not-a-probe')).toBe(true);
    expect(ids.has('probe-quiet-1')).toBe(false);
    expect(ids.has('probe-quiet-2')).toBe(false);
  });

  it('sends security headers and answers CORS only for configured origins', async () => {
    const res = await fetch(`${running.url}/api/v1/health`, { headers: { origin: 'https://app.example' } });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none';frame-ancestors 'none'");
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('strict-transport-security')).toContain('max-age=');
    expect(res.headers.get('access-control-allow-origin')).toBe('https://app.example');
    const other = await fetch(`${running.url}/api/v1/health`, { headers: { origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});
