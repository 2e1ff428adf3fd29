import { randomUUID } from 'node:crypto';
import { databaseFor, databaseModes, testConfig } from '../support/test-env';
import { readJson, RunningApp, startApi } from '../support/http-app';
import { Account, bearer, FAST_AUTH_ENV, postJson, registerAccount, uniqueEmail } from '../support/accounts';

describe.each(databaseModes())("platform admins set a workspace's LLM call limit (%s database)", (mode) => {
  let app: RunningApp;
  let cleanup: () => Promise<void>;
  let admin: Account;
  let user: Account;
  let team: string;
  const url = (path: string) => `${app.url}/api/v1${path}`;
  const setLimit = (workspaceId: string, body: unknown, headers: Record<string, string>) =>
    postJson(url(`/admin/workspaces/${workspaceId}/llm-rate-limit`), body, headers, 'PUT');
  const effectiveLimit = async (who: Account, workspaceId: string) => {
    const res = await fetch(url(`/workspaces/${workspaceId}`), { headers: bearer(who.accessToken) });
    expect(res.status).toBe(200);
    return (await readJson(res)).llmCallsPerMinute;
  };

  beforeAll(async () => {
    const db = await databaseFor(mode);
    cleanup = db.cleanup;
    app = await startApi(testConfig({ ...db.env, ...FAST_AUTH_ENV, LLM_RATE_LIMIT_PER_MINUTE: '7' }));
    admin = await registerAccount(app.url, uniqueEmail('admin'));
    user = await registerAccount(app.url, uniqueEmail('user'));
    team = (await readJson(await postJson(url('/workspaces'), { name: 'Team' }, bearer(user.accessToken)))).id;
  });
  afterAll(async () => {
    await app?.close();
    await cleanup?.();
  });

  it('is for platform admins only: 403 for other users, even owners of the workspace; 401 without credentials', async () => {
    const denied = await setLimit(team, { callsPerMinute: 1000 }, bearer(user.accessToken));
    expect(denied.status).toBe(403);
    expect(await readJson(denied)).toMatchObject({ statusCode: 403, error: 'Forbidden' });
    expect((await setLimit(team, { callsPerMinute: 1000 }, {})).status).toBe(401);
    expect(await effectiveLimit(user, team)).toBe(7);
  });

  it('answers 404 for a workspace that does not exist', async () => {
    for (const id of [randomUUID(), 'not-a-uuid']) {
      const res = await setLimit(id, { callsPerMinute: 10 }, bearer(admin.accessToken));
      expect({ id, status: res.status }).toEqual({ id, status: 404 });
      expect(await readJson(res)).toMatchObject({ statusCode: 404, message: 'workspace not found' });
    }
  });

  it('accepts an integer from 1 to 100000 or null, and nothing else', async () => {
    for (const body of [
      {},
      { callsPerMinute: 0 },
      { callsPerMinute: -5 },
      { callsPerMinute: 100_001 },
      { callsPerMinute: 2.5 },
      { callsPerMinute: '10' },
      { callsPerMinute: true },
      { callsPerMinute: 10, extra: 1 },
    ]) {
      const res = await setLimit(team, body, bearer(admin.accessToken));
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
    }
    expect(await effectiveLimit(user, team)).toBe(7);
    for (const callsPerMinute of [1, 100_000, null]) {
      const res = await setLimit(team, { callsPerMinute }, bearer(admin.accessToken));
      expect({ callsPerMinute, status: res.status }).toEqual({ callsPerMinute, status: 200 });
    }
  });

  it('sets and clears the limit, shows members the effective value and audits each change', async () => {
    const project = (await readJson(await postJson(url('/workspaces'), { name: 'Project' }, bearer(user.accessToken))))
      .id;
    const set = await setLimit(project, { callsPerMinute: 25 }, bearer(admin.accessToken));
    expect(set.status).toBe(200);
    expect(await readJson(set)).toEqual({ workspaceId: project, callsPerMinute: 25, effectiveCallsPerMinute: 25 });
    expect(await effectiveLimit(user, project)).toBe(25);
    const listed = await readJson(await fetch(url('/workspaces'), { headers: bearer(user.accessToken) }));
    expect(listed.find((w: { id: string }) => w.id === project)).toMatchObject({ llmCallsPerMinute: 25 });
    expect(await effectiveLimit(user, user.personalWorkspaceId)).toBe(7);

    const cleared = await setLimit(project, { callsPerMinute: null }, bearer(admin.accessToken));
    expect(await readJson(cleared)).toEqual({ workspaceId: project, callsPerMinute: null, effectiveCallsPerMinute: 7 });
    expect(await effectiveLimit(user, project)).toBe(7);
    // Setting the value it already has changes nothing and records nothing.
    expect((await setLimit(project, { callsPerMinute: null }, bearer(admin.accessToken))).status).toBe(200);

    const query = `type=workspace_limit_changed&workspaceId=${project}`;
    const events = await readJson(
      await fetch(url(`/admin/audit-events?${query}`), { headers: bearer(admin.accessToken) }),
    );
    expect(events.items).toEqual([
      expect.objectContaining({
        actorUserId: admin.userId,
        workspaceId: project,
        ip: '127.0.0.1',
        requestId: cleared.headers.get('x-request-id'),
        details: { limit: 'llm_calls_per_minute', from: 25, to: null },
      }),
      expect.objectContaining({
        requestId: set.headers.get('x-request-id'),
        details: { limit: 'llm_calls_per_minute', from: null, to: 25 },
      }),
    ]);
  });
});
