import { FAST_AUTH_ENV, registerAccount, uniqueEmail, type Account } from '../support/accounts';
import { markdownDoc, prose, uploadForm } from '../support/document-fixtures';
import { RunningApp, startApi } from '../support/http-app';
import { databaseFor, databaseModes, testConfig } from '../support/test-env';
import { DocumentsClient } from '../documents/documents-client';
import { ApiCaller, Json } from './admin-client';

const doc = (topic: string, sentences = 3) => ({
  name: `${topic}.md`,
  bytes: markdownDoc([[topic, prose(topic, sentences)]]),
});

describe.each(databaseModes())('admin API: workspaces and quotas (%s database)', (mode) => {
  let app: RunningApp;
  let cleanup: () => Promise<void>;
  let admin: Account;
  let member: Account;
  let ops: ApiCaller;
  let docs: DocumentsClient;
  let workspaceId: string;

  beforeAll(async () => {
    const db = await databaseFor(mode);
    cleanup = db.cleanup;
    app = await startApi(
      testConfig({ ...db.env, ...FAST_AUTH_ENV, EMBEDDING_PROVIDER: 'offline', WORKSPACE_MAX_DOCUMENTS: '50' }),
    );
    admin = await registerAccount(app.url, uniqueEmail('admin'));
    member = await registerAccount(app.url, uniqueEmail('member'));
    ops = new ApiCaller(app.url, admin);
    docs = new DocumentsClient(app.url, member);
    workspaceId = member.personalWorkspaceId;
    expect((await docs.upload([doc('first')])).status).toBe(202);
  });
  afterAll(async () => {
    await app?.close();
    await cleanup?.();
  });

  const quotas = async () => {
    const res = await ops.get(`/admin/workspaces/${workspaceId}/quotas`);
    expect(res.status).toBe(200);
    return res.body;
  };
  const documentCount = async () => (await docs.get('/documents?limit=100')).body.items.length;

  it('lists and searches workspaces with their members, documents and storage', async () => {
    const list = await ops.get(`/admin/workspaces?q=${encodeURIComponent(member.email)}`);
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(1);
    expect(list.body.items[0]).toMatchObject({
      id: workspaceId,
      personal: true,
      personalOwnerId: member.userId,
      memberCount: 1,
      ownerEmails: [member.email],
      documentCount: 1,
      llmCallsPerMinute: null,
    });
    expect(list.body.items[0].storageBytes).toBeGreaterThan(100);

    const all = await ops.get('/admin/workspaces?limit=1');
    expect(all.body.items).toHaveLength(1);
    expect(all.body.total).toBe(2);
    const next = await ops.get(`/admin/workspaces?limit=1&cursor=${all.body.nextCursor}`);
    expect(next.body.items[0].id).not.toBe(all.body.items[0].id);
    expect(next.body.nextCursor).toBeNull();
    expect((await ops.get('/admin/workspaces?personal=false')).body.total).toBe(0);

    const one = await ops.get(`/admin/workspaces/${workspaceId}`);
    expect(one.body).toMatchObject({ id: workspaceId, documentCount: 1, quotas: { workspaceId } });
    expect((await ops.get('/admin/workspaces/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await ops.get('/admin/workspaces/00000000-0000-4000-8000-000000000000/quotas')).status).toBe(404);
  });

  it('shows the default quotas, then the workspace own ones, with what it uses', async () => {
    const before = await quotas();
    expect(before.documents).toEqual({ used: 1, limit: 50, own: null });
    expect(before.storageBytes).toMatchObject({ limit: null, own: null });
    expect(before.llmBudget).toMatchObject({ monthlyUsd: null, spentUsd: 0, state: 'none' });

    const set = await ops.call('PUT', `/admin/workspaces/${workspaceId}/quotas`, {
      maxDocuments: 2,
      monthlyLlmUsd: 25,
    });
    expect(set.status).toBe(200);
    expect(set.body.documents).toEqual({ used: 1, limit: 2, own: 2 });
    expect(set.body.llmBudget).toMatchObject({ monthlyUsd: 25, state: 'ok' });
    // The LLM budget is the router's: its own route reads the same value.
    expect((await docs.get('/usage')).body.budget.monthlyUsd).toBe(25);

    const events = await ops.auditEvents(`type=workspace_limit_changed&workspaceId=${workspaceId}`);
    expect(events.map((e: Json) => e.details)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ limit: 'max_documents', from: null, to: 2 }),
        expect.objectContaining({ limit: 'llm_monthly_budget_usd', from: null, to: 25 }),
      ]),
    );
    const own = events.find((e: Json) => e.details.limit === 'max_documents');
    expect(own).toMatchObject({ actorUserId: admin.userId, targetType: 'workspace', targetId: workspaceId });
  });

  it('refuses an upload past the document quota with 403 QUOTA_EXCEEDED, recording none of its files', async () => {
    await ops.call('PUT', `/admin/workspaces/${workspaceId}/quotas`, { maxDocuments: 2 });
    const both = await docs.upload([doc('second'), doc('third')]);
    expect(both.status).toBe(403);
    expect(both.body.message).toMatch(
      /^quota exceeded: this workspace may hold 2 documents and holds 1; this upload adds 2/,
    );
    expect(await documentCount()).toBe(1);

    expect((await docs.upload([doc('second')])).status).toBe(202);
    const res = await fetch(`${app.url}/api/v1/documents`, {
      method: 'POST',
      headers: docs.headers(),
      body: uploadForm([doc('third')]),
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('x-quota-exceeded')).toBe('documents');
    // The same bytes again add nothing, so they are not refused.
    const again = await docs.upload([doc('second')]);
    expect(again.status).toBe(202);
    expect(again.body.duplicate).toBe(true);
    expect(await documentCount()).toBe(2);
  });

  it('refuses an upload past the storage quota, and takes uploads again once the quota is cleared', async () => {
    const { storageBytes } = await quotas();
    const small = doc('fourth', 1);
    await ops.call('PUT', `/admin/workspaces/${workspaceId}/quotas`, {
      maxDocuments: null,
      maxStorageBytes: storageBytes.used + small.bytes.length,
    });
    const big = await docs.upload([doc('fifth', 40)]);
    expect(big.status).toBe(403);
    expect(big.body.message).toContain('bytes of files');
    expect((await docs.upload([small])).status).toBe(202);
    const after = await quotas();
    expect(after.storageBytes).toEqual({
      used: storageBytes.used + small.bytes.length,
      limit: storageBytes.used + small.bytes.length,
      own: storageBytes.used + small.bytes.length,
    });
    expect(after.documents).toEqual({ used: 3, limit: 50, own: null });

    await ops.call('PUT', `/admin/workspaces/${workspaceId}/quotas`, { maxStorageBytes: null });
    expect((await docs.upload([doc('fifth', 40)])).status).toBe(202);
  });

  it('answers 400 for a bad quota and 404 for an unknown workspace', async () => {
    expect((await ops.call('PUT', `/admin/workspaces/${workspaceId}/quotas`, { maxDocuments: -1 })).status).toBe(400);
    expect((await ops.call('PUT', `/admin/workspaces/${workspaceId}/quotas`, { maxDocuments: 1.5 })).status).toBe(400);
    const unknown = await ops.call('PUT', '/admin/workspaces/00000000-0000-4000-8000-000000000000/quotas', {
      maxDocuments: 1,
    });
    expect(unknown.status).toBe(404);
  });
});
