import { API_KEY_HEADER } from '@docqa/auth';
import { Account, bearer, FAST_AUTH_ENV, postJson, registerAccount, uniqueEmail } from '../support/accounts';
import { readJson, RunningApp, startApi } from '../support/http-app';
import { databaseFor, databaseModes, testConfig } from '../support/test-env';
import { AdminRoute, adminRoutesFromFastify, adminRoutesFromOpenApi, concretePath } from './admin-routes';

/*
 * Every route under /api/v1/admin, as the running app serves it (not a list written here, so a route added
 * later is checked too), refuses anyone but a platform admin: 401 without credentials, 403 for a signed-in
 * member, and 403 for a workspace owner's API key with the `admin` scope.
 */
describe.each(databaseModes())('admin API access (%s database)', (mode) => {
  let app: RunningApp;
  let cleanup: () => Promise<void>;
  let admin: Account;
  let member: Account;
  let ownerKey: string;
  let routes: AdminRoute[];

  beforeAll(async () => {
    const db = await databaseFor(mode);
    cleanup = db.cleanup;
    app = await startApi(testConfig({ ...db.env, ...FAST_AUTH_ENV }));
    admin = await registerAccount(app.url, uniqueEmail('admin'));
    member = await registerAccount(app.url, uniqueEmail('member'));
    // The member owns its personal workspace, so it can hold an API key with every scope.
    const key = await postJson(
      `${app.url}/api/v1/api-keys`,
      { name: 'ops', scopes: ['read', 'write', 'admin'] },
      bearer(member.accessToken),
    );
    expect(key.status).toBe(201);
    ownerKey = (await readJson(key)).key;
    const documented = await adminRoutesFromOpenApi(app);
    const served = adminRoutesFromFastify(app);
    routes = [...documented];
    for (const r of served) if (!routes.some((d) => d.method === r.method && d.path === r.path)) routes.push(r);
  });
  afterAll(async () => {
    await app?.close();
    await cleanup?.();
  });

  function call(route: AdminRoute, headers: Record<string, string>): Promise<Response> {
    const hasBody = !['GET', 'DELETE'].includes(route.method);
    return fetch(`${app.url}${concretePath(route.path)}`, {
      method: route.method,
      headers: hasBody ? { 'content-type': 'application/json', ...headers } : headers,
      body: hasBody ? '{}' : undefined,
    });
  }

  it('finds the admin routes of every area in the running app, each documented in its OpenAPI document', async () => {
    const documented = await adminRoutesFromOpenApi(app);
    const served = adminRoutesFromFastify(app);
    const key = (r: AdminRoute) => `${r.method} ${r.path}`;
    expect(served.map(key).sort()).toEqual(documented.map(key).sort());
    for (const expected of [
      'GET /api/v1/admin/users',
      'POST /api/v1/admin/users/:id/disable',
      'PUT /api/v1/admin/workspaces/:id/quotas',
      'GET /api/v1/admin/usage',
      'POST /api/v1/admin/queues/:queue/failed/:jobId/retry',
      'POST /api/v1/admin/reindex',
      'GET /api/v1/admin/providers',
      'GET /api/v1/admin/audit-events',
      'GET /api/v1/admin/system/config',
      'PUT /api/v1/admin/workspaces/:id/llm-budget',
      'PUT /api/v1/admin/workspaces/:id/safety-policy',
    ]) {
      expect(routes.map(key)).toContain(expected);
    }
  });

  it('answers 401 on every admin route without credentials', async () => {
    const wrong: string[] = [];
    for (const route of routes) {
      const res = await call(route, {});
      if (res.status !== 401) wrong.push(`${route.method} ${route.path}: ${res.status}`);
    }
    expect(wrong).toEqual([]);
  });

  it('answers 403 on every admin route to a member who is not a platform admin', async () => {
    const wrong: string[] = [];
    for (const route of routes) {
      const res = await call(route, bearer(member.accessToken));
      const body = await readJson(res);
      if (res.status !== 403 || body.message !== 'this route is for platform admins') {
        wrong.push(`${route.method} ${route.path}: ${res.status} ${body.message}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("answers 403 on every admin route to a workspace owner's API key with the admin scope", async () => {
    const wrong: string[] = [];
    for (const route of routes) {
      const res = await call(route, { [API_KEY_HEADER]: ownerKey });
      if (res.status !== 403) wrong.push(`${route.method} ${route.path}: ${res.status}`);
    }
    expect(wrong).toEqual([]);
  });

  it('lets the platform admin through the guard on every admin route', async () => {
    const refused: string[] = [];
    for (const route of routes) {
      const res = await call(route, bearer(admin.accessToken));
      // Past the guard, a route may still refuse the made-up ids and empty bodies (400, 404, 409), never 401/403.
      if (res.status === 401 || res.status === 403 || res.status >= 500) {
        refused.push(`${route.method} ${route.path}: ${res.status}`);
      }
    }
    expect(refused).toEqual([]);
  });
});
