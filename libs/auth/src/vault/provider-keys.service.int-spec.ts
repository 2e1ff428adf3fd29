import type { DocqaDataSource } from '@docqa/core';
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
import { ProviderKeyEntity } from './provider-key.entity';
import { ProviderKeysService } from './provider-keys.service';
import { keyIdOf, SecretBox } from './secret-box';
import { VaultErrorCode, VaultException } from './vault.errors';

const KEY = Buffer.alloc(32, 0x42);
const OPENAI_KEY = 'sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789wxyz';
const GROQ_KEY = 'gsk_0123456789abcdefghijklmnopqrstuv9876';

/** Rejection of `promise` as a VaultException (fails the test when it resolves). */
async function vaultError(promise: Promise<unknown>): Promise<VaultException> {
  const err = await promise.then(
    (value) => new Error(`expected a VaultException, got ${JSON.stringify(value)}`),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(VaultException);
  return err as VaultException;
}

describe.each(databaseModes())('ProviderKeysService on the %s database', (mode) => {
  let close: (() => Promise<void>) | undefined;
  let dataSource: DocqaDataSource;
  let service: ProviderKeysService;
  let box: SecretBox;

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

  beforeAll(async () => {
    ({ dataSource, close } = await migratedDatabase(mode));
    box = new SecretBox(KEY);
    service = new ProviderKeysService(dataSource, box, new AuditService(dataSource));
  });
  afterAll(async () => {
    await close?.();
  });

  it('sets, lists masked, resolves and deletes a workspace key', async () => {
    const owner = await member('owner');
    const set = await service.set(owner, 'openai', { apiKey: OPENAI_KEY });
    expect(set).toEqual({
      provider: 'openai',
      maskedKey: '…wxyz',
      baseUrl: null,
      keyId: keyIdOf(KEY),
      updatedAt: expect.any(Date),
    });
    await service.set(owner, 'openai-compatible', { apiKey: 'EMPTY', baseUrl: 'http://vllm:8000/v1' });

    const listed = await service.list(owner);
    expect(listed.map((k) => [k.provider, k.maskedKey, k.baseUrl])).toEqual([
      ['openai', '…wxyz', null],
      // Short keys show no characters at all.
      ['openai-compatible', '…', 'http://vllm:8000/v1'],
    ]);
    expect(JSON.stringify(listed)).not.toContain(OPENAI_KEY.slice(0, -4));

    expect(await service.resolve(owner.workspaceId, 'openai')).toEqual({ apiKey: OPENAI_KEY });
    expect(await service.resolve(owner.workspaceId, 'openai-compatible')).toEqual({
      apiKey: 'EMPTY',
      baseUrl: 'http://vllm:8000/v1',
    });
    expect(await service.resolve(owner.workspaceId, 'groq')).toBeNull();

    await service.remove(owner, 'openai');
    expect(await service.resolve(owner.workspaceId, 'openai')).toBeNull();
    expect((await service.list(owner)).map((k) => k.provider)).toEqual(['openai-compatible']);
    expect((await vaultError(service.remove(owner, 'openai'))).code).toBe(VaultErrorCode.ProviderKeyNotFound);
  });

  it('stores only the sealed value, and replaces a key in place', async () => {
    const editor = await member('editor');
    await service.set(editor, 'groq', { apiKey: 'gsk_first_value_000000' });
    const first = await dataSource
      .getRepository(ProviderKeyEntity)
      .findOneByOrFail({ workspaceId: editor.workspaceId });
    await service.set(editor, 'groq', { apiKey: GROQ_KEY });
    const rows = await dataSource.getRepository(ProviderKeyEntity).findBy({ workspaceId: editor.workspaceId });
    expect(rows).toHaveLength(1);
    expect(rows[0].id).toBe(first.id);
    expect(rows[0].sealedKey).toMatch(/^v1\.[0-9a-f]{16}\./);
    expect(rows[0].sealedKey).not.toBe(first.sealedKey);
    expect(rows[0].updatedBy).toBe(editor.userId);
    const [raw] = await dataSource.query(`SELECT row_to_json(p)::text AS json FROM provider_keys p WHERE id = $1`, [
      rows[0].id,
    ]);
    expect(raw.json).not.toContain(GROQ_KEY);
    expect(raw.json).not.toContain(GROQ_KEY.slice(0, 12));
    expect(await service.resolve(editor.workspaceId, 'groq')).toEqual({ apiKey: GROQ_KEY });
  });

  it('keeps workspaces apart', async () => {
    const a = await member('owner');
    const b = await member('owner');
    await service.set(a, 'cohere', { apiKey: 'cohere-key-of-workspace-a' });
    expect(await service.list(b)).toEqual([]);
    expect(await service.resolve(b.workspaceId, 'cohere')).toBeNull();
    expect((await vaultError(service.remove(b, 'cohere'))).code).toBe(VaultErrorCode.ProviderKeyNotFound);
    expect(await service.resolve(a.workspaceId, 'cohere')).toEqual({ apiKey: 'cohere-key-of-workspace-a' });
  });

  it('lets viewers list but not change keys, and needs a base URL for openai-compatible', async () => {
    const owner = await member('owner');
    const viewer = await member('viewer', owner.workspaceId);
    await service.set(owner, 'anthropic', { apiKey: 'sk-ant-api03-0123456789-abcd' });
    expect((await service.list(viewer)).map((k) => k.maskedKey)).toEqual(['…abcd']);
    for (const attempt of [service.set(viewer, 'groq', { apiKey: GROQ_KEY }), service.remove(viewer, 'anthropic')]) {
      const err = await attempt.catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AuthException);
      expect((err as AuthException).code).toBe(AuthErrorCode.InsufficientRole);
    }
    const missing = await vaultError(service.set(owner, 'openai-compatible', { apiKey: 'x' }));
    expect(missing.code).toBe(VaultErrorCode.InvalidProviderKey);
    expect(missing.httpStatus).toBe(400);
  });

  it('gives a clear error, never garbage, when a stored value was corrupted in the database', async () => {
    const owner = await member('owner');
    await service.set(owner, 'openai', { apiKey: OPENAI_KEY });
    // Flip one bit of the stored ciphertext, as a damaged disk or a bad restore would.
    const repo = dataSource.getRepository(ProviderKeyEntity);
    const row = await repo.findOneByOrFail({ workspaceId: owner.workspaceId, provider: 'openai' });
    const parts = row.sealedKey.split('.');
    const ciphertext = Buffer.from(parts[3], 'base64url');
    ciphertext[5] ^= 0x04;
    parts[3] = ciphertext.toString('base64url');
    await repo.update({ id: row.id }, { sealedKey: parts.join('.') });
    const err = await vaultError(service.resolve(owner.workspaceId, 'openai'));
    expect(err.code).toBe(VaultErrorCode.DecryptFailed);
    expect(err.httpStatus).toBe(500);
    expect(err.message).toContain(`The openai key stored for workspace ${owner.workspaceId} cannot be used`);
    expect(err.message).toContain('Set the key again');
    // Listing still works: it never decrypts.
    expect((await service.list(owner)).map((k) => k.maskedKey)).toEqual(['…wxyz']);
  });

  it('refuses a sealed value copied from another workspace or provider', async () => {
    const a = await member('owner');
    const b = await member('owner');
    await service.set(a, 'openai', { apiKey: OPENAI_KEY });
    await service.set(b, 'openai', { apiKey: 'sk-of-workspace-b-000000000' });
    await service.set(b, 'groq', { apiKey: GROQ_KEY });
    const repo = dataSource.getRepository(ProviderKeyEntity);
    const stolen = await repo.findOneByOrFail({ workspaceId: a.workspaceId, provider: 'openai' });
    await repo.update({ workspaceId: b.workspaceId, provider: 'openai' }, { sealedKey: stolen.sealedKey });
    await repo.update({ workspaceId: b.workspaceId, provider: 'groq' }, { sealedKey: stolen.sealedKey });
    expect((await vaultError(service.resolve(b.workspaceId, 'openai'))).code).toBe(VaultErrorCode.DecryptFailed);
    expect((await vaultError(service.resolve(b.workspaceId, 'groq'))).code).toBe(VaultErrorCode.DecryptFailed);
  });

  it('names the missing key when a value was sealed with a key the server no longer has', async () => {
    const owner = await member('owner');
    const other = new SecretBox(Buffer.alloc(32, 0x99));
    await new ProviderKeysService(dataSource, other, new AuditService(dataSource)).set(owner, 'openai', {
      apiKey: OPENAI_KEY,
    });
    const err = await vaultError(service.resolve(owner.workspaceId, 'openai'));
    expect(err.code).toBe(VaultErrorCode.UnknownKeyId);
    expect(err.message).toContain(other.currentKeyId);
    expect(err.message).toContain('ENCRYPTION_KEY_PREVIOUS');
  });

  it('audits every change without the key', async () => {
    const owner = await member('owner');
    await service.set(owner, 'groq', { apiKey: GROQ_KEY }, { ip: '203.0.113.7', requestId: 'req-set' });
    await service.remove(owner, 'groq', { ip: '203.0.113.7', requestId: 'req-del' });
    const events = await dataSource.getRepository(AuditEventEntity).find({
      where: { workspaceId: owner.workspaceId, type: AuditEventType.ProviderKeyChanged },
      order: { id: 'ASC' },
    });
    expect(events.map((e) => [e.actorUserId, e.ip, e.requestId, e.details.provider, e.details.action])).toEqual([
      [owner.userId, '203.0.113.7', 'req-set', 'groq', 'set'],
      [owner.userId, '203.0.113.7', 'req-del', 'groq', 'deleted'],
    ]);
    const text = JSON.stringify(events);
    expect(text).not.toContain(GROQ_KEY);
    expect(text).not.toContain(GROQ_KEY.slice(-4));
  });
});
