import { databaseFor, databaseModes, testConfig } from '../support/test-env';
import { readJson, RunningApp, startApi } from '../support/http-app';
import { METRICS } from '@docqa/metrics';

describe.each(databaseModes())('API probes, metrics and docs (%s database)', (mode) => {
  let running: RunningApp;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const db = await databaseFor(mode);
    cleanup = db.cleanup;
    running = await startApi(
      testConfig({ ...db.env, METRICS_TOKEN: 'metrics-token-for-tests', THROTTLE_LIMIT: '1000' }),
    );
  });
  afterAll(async () => {
    await running?.close();
    await cleanup?.();
  });

  it('liveness answers 200 without touching a dependency', async () => {
    const res = await fetch(`${running.url}/api/v1/health`);
    expect(res.status).toBe(200);
    expect(await readJson(res)).toEqual({ status: 'ok', uptimeSeconds: expect.any(Number) });
  });

  it('readiness checks the database, each queue and the disk', async () => {
    const res = await fetch(`${running.url}/api/v1/ready`);
    expect(res.status).toBe(200);
    const body = await readJson(res);
    expect(body.status).toBe('ok');
    expect(Object.keys(body.details).sort()).toEqual([
      'database',
      'disk',
      'llm',
      'queue:evaluation',
      'queue:ingestion',
      'queue:maintenance',
    ]);
    expect(body.details.database).toMatchObject({ status: 'up', mode });
    expect(body.details['queue:ingestion']).toMatchObject({ status: 'up', driver: 'in-process' });
  });

  it('serves Prometheus metrics behind the token, with HTTP series by route template', async () => {
    await fetch(`${running.url}/api/v1/health`);
    await fetch(`${running.url}/api/v1/does-not-exist/123`);
    expect((await fetch(`${running.url}/metrics`)).status).toBe(401);
    const res = await fetch(`${running.url}/metrics`, { headers: { authorization: 'Bearer metrics-token-for-tests' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toMatch(/http_requests_total\{method="GET",route="\/api\/v1\/health",status="200"\} \d+/);
    expect(text).toMatch(/http_requests_total\{method="GET",route="unmatched",status="404"\} \d+/);
    expect(text).toMatch(
      /http_request_duration_seconds_bucket\{le="0.005",method="GET",route="\/api\/v1\/health",status="200"\}/,
    );
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toMatch(/queue_jobs\{queue="ingestion",state="waiting"\} 0/);
    for (const name of Object.keys(METRICS)) expect(text).toContain(`# HELP ${name} `);
  });

  it('serves Swagger UI at /docs and the spec at /docs-json', async () => {
    const ui = await fetch(`${running.url}/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger');
    // The HTML pages get the document headers: a policy that lets the UI load its own scripts, and no more.
    expect(ui.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(ui.headers.get('content-security-policy')).toContain("object-src 'none'");
    expect(ui.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    const spec = await readJson(await fetch(`${running.url}/docs-json`));
    expect(spec.openapi).toMatch(/^3\./);
    expect(spec.paths['/api/v1/health'].get.operationId).toBe('getHealth');
    expect(spec.paths['/api/v1/ready'].get.operationId).toBe('getReadiness');
    expect(spec.paths['/metrics']).toBeUndefined();
  });
});
