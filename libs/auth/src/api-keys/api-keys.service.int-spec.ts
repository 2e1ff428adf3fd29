import { CoreErrorCode, CoreException, type DocqaDataSource } from '@docqa/core';
import { databaseModes, migratedDatabase, uniqueName } from '../../../../test/support/test-env';
import { AuditEventEntity } from '../audit/audit-event.entity';
import { AuditEventType } from '../audit/audit-event-type';
import { AuditService } from '../audit/audit.service';
import { AuthErrorCode, AuthException } from '../auth.errors';
import type { RequestPrincipal } from '../principal/request-principal';
import { scopesForRole, type WorkspaceRole } from '../principal/roles';
import { UserEntity } from '../users/user.entity';
import { WorkspaceMemberEntity } from '../workspaces/workspace-member.entity';
import { WorkspaceEntity } from '../workspaces/workspace.entity';
import { ApiKeyEntity } from './api-key.entity';
import { ApiKeysService, LAST_USED_RESOLUTION_MS } from './api-keys.service';

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => new Error(`expected a rejection, got ${JSON.stringify(value)}`),
    (e: unknown) => e,
  );
}

describe.each(databaseModes())('ApiKeysService on the %s database', (mode) => {
  let close: (() => Promise<void>) | undefined;
  let dataSource: DocqaDataSource;
  let service: ApiKeysService;

  async function member(role: WorkspaceRole, workspaceId?: string): Promise<RequestPrincipal> {
    const user = await dataSource
      .getRepository(UserEntity)
      .save({ email: `${uniqueName('user')}@example.test`, passwordHash: 'not-a-real-hash' });
    const wsId = workspaceId ?? (await dataSource.getRepository(WorkspaceEntity).save({ name: uniqueName('ws') })).id;
    await dataSource.getRepository(WorkspaceMemberEntity).save({ workspaceId: wsId, userId: user.id, role });
    return {
      userId: user.id,
      platformRole: 'user',
      workspaceId: wsId,
      workspaceRole: role,
      scopes: scopesForRole(role),
    };
  }

  async function row(id: string): Promise<ApiKeyEntity> {
    return dataSource.getRepository(ApiKeyEntity).findOneByOrFail({ id });
  }

  beforeAll(async () => {
    ({ dataSource, close } = await migratedDatabase(mode));
    service = new ApiKeysService(dataSource, new AuditService(dataSource));
  });
  afterAll(async () => {
    await close?.();
  });

  it('creates a key shown once and stores only its hash', async () => {
    const owner = await member('owner');
    const created = await service.create(owner, { name: 'CI uploads', scopes: ['write', 'read'] });
    expect(created).toEqual({
      id: expect.any(String),
      name: 'CI uploads',
      prefix: expect.stringMatching(/^dq_[a-z2-9]{8}$/),
      scopes: ['read', 'write'],
      userId: owner.userId,
      expiresAt: null,
      lastUsedAt: null,
      createdAt: expect.any(Date),
      key: expect.stringMatching(/^dq_[a-z2-9]{8}_[A-Za-z0-9_-]{43}$/),
    });
    expect(created.key.startsWith(`${created.prefix}_`)).toBe(true);

    const secret = created.key.slice(created.prefix.length + 1);
    const [stored] = await dataSource.query(`SELECT row_to_json(k)::text AS json FROM api_keys k WHERE id = $1`, [
      created.id,
    ]);
    expect(stored.json).not.toContain(secret);
    expect(stored.json).not.toContain(secret.slice(0, 16));
    expect(stored.json).not.toContain(created.key);

    const listed = await service.list(owner);
    const { key: _key, ...shown } = created;
    expect(listed).toEqual([shown]);
    expect(JSON.stringify(listed)).not.toContain(secret);
  });

  it('verifies a good key to its user, workspace and scopes, and nothing else', async () => {
    const editor = await member('editor');
    const { id, key } = await service.create(editor, { name: 'reader', scopes: ['read'] });
    expect(await service.verify(key)).toEqual({
      apiKeyId: id,
      userId: editor.userId,
      workspaceId: editor.workspaceId,
      scopes: ['read'],
    });
    const lastChar = key.at(-1) === 'A' ? 'B' : 'A';
    for (const wrong of [
      `${key.slice(0, -1)}${lastChar}`,
      key.slice(0, -1),
      '',
      'dq_',
      'Bearer x',
      key.toUpperCase(),
    ]) {
      expect(await service.verify(wrong)).toBeNull();
    }
    // A well-formed key with an unknown public id.
    expect(await service.verify(`dq_abcdefgh_${key.slice(-43)}`)).toBeNull();
  });

  it('refuses expired and revoked keys', async () => {
    const owner = await member('owner');
    const now = new Date();
    const expiring = await service.create(owner, {
      name: 'short-lived',
      scopes: ['read'],
      expiresAt: new Date(now.getTime() + 60_000),
    });
    expect(await service.verify(expiring.key, now)).not.toBeNull();
    expect(await service.verify(expiring.key, new Date(now.getTime() + 60_000))).toBeNull();
    await dataSource
      .getRepository(ApiKeyEntity)
      .update({ id: expiring.id }, { expiresAt: new Date(Date.now() - 1000) });
    expect(await service.verify(expiring.key)).toBeNull();

    const revoked = await service.create(owner, { name: 'to revoke', scopes: ['read', 'write'] });
    expect(await service.verify(revoked.key)).not.toBeNull();
    await service.revoke(owner, revoked.id, { ip: '198.51.100.1', requestId: 'req-revoke' });
    expect(await service.verify(revoked.key)).toBeNull();
    expect((await row(revoked.id)).revokedAt).toBeInstanceOf(Date);
    expect((await service.list(owner)).map((k) => k.id)).not.toContain(revoked.id);
    const again = await rejection(service.revoke(owner, revoked.id));
    expect(again).toBeInstanceOf(CoreException);
    expect((again as CoreException).code).toBe(CoreErrorCode.NotFound);

    const err = await rejection(
      service.create(owner, { name: 'past', scopes: ['read'], expiresAt: new Date(Date.now() - 1) }),
    );
    expect((err as CoreException).code).toBe(CoreErrorCode.ValidationFailed);
  });

  it('records the last use at most once a minute per key', async () => {
    const owner = await member('owner');
    const { id, key } = await service.create(owner, { name: 'busy', scopes: ['read'] });
    const t0 = new Date(Date.now() + 1000);
    await service.verify(key, t0);
    expect((await row(id)).lastUsedAt).toEqual(t0);

    await service.verify(key, new Date(t0.getTime() + 1_000));
    await service.verify(key, new Date(t0.getTime() + LAST_USED_RESOLUTION_MS - 1));
    expect((await row(id)).lastUsedAt).toEqual(t0);

    const t1 = new Date(t0.getTime() + LAST_USED_RESOLUTION_MS + 1);
    await service.verify(key, t1);
    expect((await row(id)).lastUsedAt).toEqual(t1);
    expect((await service.list(owner)).find((k) => k.id === id)?.lastUsedAt).toEqual(t1);
  });

  it('never gives a key more than its creator role allows, at creation or later', async () => {
    const owner = await member('owner');
    const editor = await member('editor', owner.workspaceId);
    const viewer = await member('viewer', owner.workspaceId);

    const adminByEditor = await rejection(service.create(editor, { name: 'x', scopes: ['read', 'admin'] }));
    expect(adminByEditor).toBeInstanceOf(AuthException);
    expect((adminByEditor as AuthException).code).toBe(AuthErrorCode.InsufficientRole);
    expect((adminByEditor as AuthException).message).toBe(
      'Only workspace owners can create API keys with the admin scope',
    );
    const byViewer = await rejection(service.create(viewer, { name: 'x', scopes: ['read'] }));
    expect((byViewer as AuthException).code).toBe(AuthErrorCode.InsufficientRole);
    // A caller authenticated by a read-only key cannot mint a key that writes.
    const byReadKey = await rejection(
      service.create({ ...owner, apiKeyId: 'k', scopes: ['read'] }, { name: 'x', scopes: ['write'] }),
    );
    expect((byReadKey as AuthException).code).toBe(AuthErrorCode.InsufficientScope);

    const full = await service.create(owner, { name: 'admin', scopes: ['admin', 'write', 'read'] });
    expect(full.scopes).toEqual(['read', 'write', 'admin']);
    const ownersMember = { workspaceId: owner.workspaceId, userId: owner.userId };
    await dataSource.getRepository(WorkspaceMemberEntity).update(ownersMember, { role: 'editor' });
    expect((await service.verify(full.key))?.scopes).toEqual(['read', 'write']);
    await dataSource.getRepository(WorkspaceMemberEntity).update(ownersMember, { role: 'viewer' });
    expect((await service.verify(full.key))?.scopes).toEqual(['read']);
    await dataSource.getRepository(WorkspaceMemberEntity).delete(ownersMember);
    expect(await service.verify(full.key)).toBeNull();
  });

  it('lists and revokes within the workspace: owners all keys, others their own', async () => {
    const owner = await member('owner');
    const editor = await member('editor', owner.workspaceId);
    const outsider = await member('owner');
    const ownersKey = await service.create(owner, { name: 'owner key', scopes: ['read'] });
    const editorsKey = await service.create(editor, { name: 'editor key', scopes: ['read'] });

    expect((await service.list(owner)).map((k) => k.name).sort()).toEqual(['editor key', 'owner key']);
    expect((await service.list(editor)).map((k) => k.name)).toEqual(['editor key']);
    expect(await service.list(outsider)).toEqual([]);

    for (const [who, id] of [
      [outsider, ownersKey.id],
      [outsider, editorsKey.id],
      [editor, ownersKey.id],
    ] as const) {
      const err = await rejection(service.revoke(who, id));
      expect(err).toBeInstanceOf(CoreException);
      expect((err as CoreException).code).toBe(CoreErrorCode.NotFound);
    }
    expect(await service.verify(ownersKey.key)).not.toBeNull();

    await service.revoke(owner, editorsKey.id);
    expect(await service.verify(editorsKey.key)).toBeNull();
  });

  it('audits creation and revocation without the key', async () => {
    const owner = await member('owner');
    const created = await service.create(
      owner,
      { name: 'audited', scopes: ['read'] },
      { ip: '192.0.2.1', requestId: 'r1' },
    );
    await service.revoke(owner, created.id, { ip: '192.0.2.1', requestId: 'r2' });
    const events = await dataSource.getRepository(AuditEventEntity).find({
      where: { workspaceId: owner.workspaceId },
      order: { id: 'ASC' },
    });
    expect(events.map((e) => [e.type, e.actorUserId, e.requestId, e.details.apiKeyId, e.details.prefix])).toEqual([
      [AuditEventType.ApiKeyCreated, owner.userId, 'r1', created.id, created.prefix],
      [AuditEventType.ApiKeyRevoked, owner.userId, 'r2', created.id, created.prefix],
    ]);
    expect(JSON.stringify(events)).not.toContain(created.key.slice(created.prefix.length + 1));
  });
});
