import { databaseFor, databaseModes, testConfig } from '../support/test-env';
import { readJson, RunningApp, startApi } from '../support/http-app';
import { Account, bearer, FAST_AUTH_ENV, postJson, registerAccount, uniqueEmail } from '../support/accounts';

interface Route {
  name: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: (workspaceId: string, memberId: string) => string;
  body?: () => unknown;
}

/** Every route that takes a workspace id. Each must answer 404 to a caller who is not a member. */
const WORKSPACE_ROUTES: Route[] = [
  { name: 'getWorkspace', method: 'GET', path: (w) => `/workspaces/${w}` },
  { name: 'listWorkspaceMembers', method: 'GET', path: (w) => `/workspaces/${w}/members` },
  {
    name: 'addWorkspaceMember',
    method: 'POST',
    path: (w) => `/workspaces/${w}/members`,
    body: () => ({ email: uniqueEmail('nobody'), role: 'viewer' }),
  },
  {
    name: 'createWorkspaceInvitation',
    method: 'POST',
    path: (w) => `/workspaces/${w}/invitations`,
    body: () => ({ email: uniqueEmail('invitee'), role: 'viewer' }),
  },
  {
    name: 'updateWorkspaceMember',
    method: 'PATCH',
    path: (w, m) => `/workspaces/${w}/members/${m}`,
    body: () => ({ role: 'viewer' }),
  },
  { name: 'removeWorkspaceMember', method: 'DELETE', path: (w, m) => `/workspaces/${w}/members/${m}` },
];

describe.each(databaseModes())('workspaces and their isolation (%s database)', (mode) => {
  let app: RunningApp;
  let cleanup: () => Promise<void>;
  let alice: Account; // owner of the team workspace
  let bob: Account; // member of nothing of Alice's
  let vera: Account; // viewer in the team workspace
  let eddie: Account; // editor in the team workspace
  let team: string;
  const api = (path: string) => `${app.url}/api/v1${path}`;

  async function call(route: Route, who: Account, workspaceId: string, memberId: string): Promise<Response> {
    const init: RequestInit = { method: route.method, headers: bearer(who.accessToken) };
    if (route.body) {
      init.body = JSON.stringify(route.body());
      init.headers = { ...bearer(who.accessToken), 'content-type': 'application/json' };
    }
    return fetch(api(route.path(workspaceId, memberId)), init);
  }

  async function addMember(owner: Account, workspaceId: string, member: Account, role: string): Promise<void> {
    const res = await postJson(
      api(`/workspaces/${workspaceId}/members`),
      { email: member.email, role },
      bearer(owner.accessToken),
    );
    expect(res.status).toBe(201);
  }

  beforeAll(async () => {
    const db = await databaseFor(mode);
    cleanup = db.cleanup;
    app = await startApi(testConfig({ ...db.env, ...FAST_AUTH_ENV }));
    alice = await registerAccount(app.url, uniqueEmail('alice'));
    bob = await registerAccount(app.url, uniqueEmail('bob'));
    vera = await registerAccount(app.url, uniqueEmail('vera'));
    eddie = await registerAccount(app.url, uniqueEmail('eddie'));
    const created = await postJson(api('/workspaces'), { name: 'Team' }, bearer(alice.accessToken));
    expect(created.status).toBe(201);
    team = (await readJson(created)).id;
    await addMember(alice, team, vera, 'viewer');
    await addMember(alice, team, eddie, 'editor');
  });
  afterAll(async () => {
    await app?.close();
    await cleanup?.();
  });

  it("lists, reads and creates only the caller's own workspaces", async () => {
    const mine = await readJson(await fetch(api('/workspaces'), { headers: bearer(alice.accessToken) }));
    expect(mine.map((w: { id: string }) => w.id)).toEqual([alice.personalWorkspaceId, team]);
    expect(mine[0]).toMatchObject({ personal: true, role: 'owner' });
    expect(mine[1]).toMatchObject({ name: 'Team', personal: false, role: 'owner' });
    const bobs = await readJson(await fetch(api('/workspaces'), { headers: bearer(bob.accessToken) }));
    expect(bobs.map((w: { id: string }) => w.id)).toEqual([bob.personalWorkspaceId]);
    const veras = await readJson(await fetch(api(`/workspaces/${team}`), { headers: bearer(vera.accessToken) }));
    expect(veras).toMatchObject({ id: team, role: 'viewer', personal: false });
  });

  describe('a member of another workspace', () => {
    it.each(WORKSPACE_ROUTES.map((r) => [r.name, r] as const))(
      'gets 404 from %s for a workspace it is not in, the same answer as for one that does not exist',
      async (_name, route) => {
        const foreign = await call(route, bob, team, alice.userId);
        const missing = await call(route, bob, '5d0c8a4e-2b1a-4c55-9a4e-4f3b2f6c9d10', alice.userId);
        const malformed = await call(route, bob, 'not-a-uuid', alice.userId);
        for (const res of [foreign, missing, malformed]) expect(res.status).toBe(404);
        const [a, b] = [await readJson(foreign), await readJson(missing)];
        expect(a.message).toBe(b.message);
        expect(a).toMatchObject({
          statusCode: 404,
          error: 'Not Found',
          requestId: foreign.headers.get('x-request-id'),
        });
      },
    );

    it('changed nothing while trying', async () => {
      const members = await readJson(
        await fetch(api(`/workspaces/${team}/members`), { headers: bearer(alice.accessToken) }),
      );
      expect(members.map((m: { userId: string; role: string }) => [m.userId, m.role])).toEqual([
        [alice.userId, 'owner'],
        [vera.userId, 'viewer'],
        [eddie.userId, 'editor'],
      ]);
    });

    it('gets 404 for X-Workspace-Id naming a workspace it is not in, or not a uuid', async () => {
      for (const id of [team, alice.personalWorkspaceId, '5d0c8a4e-2b1a-4c55-9a4e-4f3b2f6c9d10', 'nope']) {
        const res = await fetch(api('/auth/me'), { headers: bearer(bob.accessToken, { 'x-workspace-id': id }) });
        expect({ id, status: res.status }).toEqual({ id, status: 404 });
      }
    });
  });

  it('acts in the workspace named by X-Workspace-Id, with the role held there', async () => {
    const inTeam = await readJson(
      await fetch(api('/auth/me'), { headers: bearer(vera.accessToken, { 'x-workspace-id': team }) }),
    );
    expect(inTeam).toMatchObject({ workspaceId: team, workspaceRole: 'viewer', scopes: ['read'] });
    const personal = await readJson(await fetch(api('/auth/me'), { headers: bearer(vera.accessToken) }));
    expect(personal).toMatchObject({ workspaceId: vera.personalWorkspaceId, workspaceRole: 'owner' });
  });

  it('lets only owners manage members (403 for viewers and editors, who know the workspace exists)', async () => {
    for (const who of [vera, eddie]) {
      const add = await postJson(
        api(`/workspaces/${team}/members`),
        { email: bob.email, role: 'viewer' },
        bearer(who.accessToken),
      );
      expect(add.status).toBe(403);
      const patch = await postJson(
        api(`/workspaces/${team}/members/${alice.userId}`),
        { role: 'viewer' },
        bearer(who.accessToken),
        'PATCH',
      );
      expect(patch.status).toBe(403);
    }
    expect((await fetch(api(`/workspaces/${team}/members`), { headers: bearer(vera.accessToken) })).status).toBe(200);
  });

  it('changes roles, keeps an owner, and audits the change', async () => {
    const promote = await postJson(
      api(`/workspaces/${team}/members/${eddie.userId}`),
      { role: 'owner' },
      bearer(alice.accessToken),
      'PATCH',
    );
    expect(promote.status).toBe(200);
    expect(await readJson(promote)).toMatchObject({ userId: eddie.userId, role: 'owner', email: eddie.email });
    const demote = await postJson(
      api(`/workspaces/${team}/members/${eddie.userId}`),
      { role: 'editor' },
      bearer(alice.accessToken),
      'PATCH',
    );
    expect(demote.status).toBe(200);
    const lastOwner = await postJson(
      api(`/workspaces/${team}/members/${alice.userId}`),
      { role: 'editor' },
      bearer(alice.accessToken),
      'PATCH',
    );
    expect(lastOwner.status).toBe(409);
    const personal = await fetch(api(`/workspaces/${alice.personalWorkspaceId}/members/${alice.userId}`), {
      method: 'DELETE',
      headers: bearer(alice.accessToken),
    });
    expect(personal.status).toBe(409);
    const unknownMember = await postJson(
      api(`/workspaces/${team}/members/${bob.userId}`),
      { role: 'editor' },
      bearer(alice.accessToken),
      'PATCH',
    );
    expect(unknownMember.status).toBe(404);

    const events = await readJson(
      await fetch(api(`/admin/audit-events?type=role_changed&workspaceId=${team}`), {
        headers: bearer(alice.accessToken),
      }),
    );
    expect(events.items.map((e: { details: unknown }) => e.details)).toEqual([
      { userId: eddie.userId, from: 'owner', to: 'editor' },
      { userId: eddie.userId, from: 'editor', to: 'owner' },
    ]);
  });

  it('adds members by email only for existing accounts, once', async () => {
    const unknown = await postJson(
      api(`/workspaces/${team}/members`),
      { email: uniqueEmail('ghost'), role: 'viewer' },
      bearer(alice.accessToken),
    );
    expect(unknown.status).toBe(404);
    const twice = await postJson(
      api(`/workspaces/${team}/members`),
      { email: vera.email, role: 'editor' },
      bearer(alice.accessToken),
    );
    expect(twice.status).toBe(409);
    const badRole = await postJson(
      api(`/workspaces/${team}/members`),
      { email: bob.email, role: 'god' },
      bearer(alice.accessToken),
    );
    expect(badRole.status).toBe(400);
  });

  it('lets a member leave, after which the workspace is as invisible as any other', async () => {
    const leave = await fetch(api(`/workspaces/${team}/members/${vera.userId}`), {
      method: 'DELETE',
      headers: bearer(vera.accessToken),
    });
    expect(leave.status).toBe(204);
    expect((await fetch(api(`/workspaces/${team}`), { headers: bearer(vera.accessToken) })).status).toBe(404);
    const me = await fetch(api('/auth/me'), { headers: bearer(vera.accessToken, { 'x-workspace-id': team }) });
    expect(me.status).toBe(404);
  });
});
