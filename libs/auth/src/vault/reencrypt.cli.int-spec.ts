import type { DocqaDataSource } from '@docqa/core';
import { runVaultReencrypt, withDatabase } from '../../../../test/support/vault-reencrypt-cli';
import { databaseFor, databaseModes, uniqueName } from '../../../../test/support/test-env';
import { AuditService } from '../audit/audit.service';
import { scopesForRole } from '../principal/roles';
import type { RequestPrincipal } from '../principal/request-principal';
import { UserEntity } from '../users/user.entity';
import { WorkspaceMemberEntity } from '../workspaces/workspace-member.entity';
import { WorkspaceEntity } from '../workspaces/workspace.entity';
import { ProviderKeyEntity } from './provider-key.entity';
import { ProviderKeysService } from './provider-keys.service';
import type { ProviderName } from './provider-names';
import { keyIdOf, SecretBox } from './secret-box';

const OLD_KEY = Buffer.alloc(32, 0x01);
const NEW_KEY = Buffer.alloc(32, 0x02);

describe.each(databaseModes())('npm run vault:reencrypt (built) on the %s database', (mode) => {
  let cleanup: () => Promise<void>;
  let dbEnv: Record<string, string>;
  const stored: Array<{ workspaceId: string; provider: ProviderName; apiKey: string }> = [];

  async function owner(ds: DocqaDataSource): Promise<RequestPrincipal> {
    const user = await ds
      .getRepository(UserEntity)
      .save({ email: `${uniqueName('u')}@example.test`, passwordHash: 'x' });
    const ws = await ds.getRepository(WorkspaceEntity).save({ name: uniqueName('ws') });
    await ds.getRepository(WorkspaceMemberEntity).save({ workspaceId: ws.id, userId: user.id, role: 'owner' });
    return {
      userId: user.id,
      platformRole: 'user',
      workspaceId: ws.id,
      workspaceRole: 'owner',
      scopes: scopesForRole('owner'),
    };
  }

  beforeAll(async () => {
    const db = await databaseFor(mode);
    cleanup = db.cleanup;
    dbEnv = db.env;
    await withDatabase(dbEnv, async (ds) => {
      await ds.runMigrations();
      const oldService = new ProviderKeysService(ds, new SecretBox(OLD_KEY), new AuditService(ds));
      const newService = new ProviderKeysService(ds, new SecretBox(NEW_KEY), new AuditService(ds));
      for (let i = 0; i < 3; i++) {
        const p = await owner(ds);
        for (const provider of ['openai', 'groq'] as const) {
          const apiKey = `${provider}-key-${i}-${uniqueName('k')}`;
          await oldService.set(p, provider, { apiKey });
          stored.push({ workspaceId: p.workspaceId, provider, apiKey });
        }
      }
      // One value already under the new key: counted, verified, left alone.
      const p = await owner(ds);
      await newService.set(p, 'anthropic', { apiKey: 'sk-ant-already-current-0000' });
      stored.push({ workspaceId: p.workspaceId, provider: 'anthropic', apiKey: 'sk-ant-already-current-0000' });
    });
  });
  afterAll(async () => {
    await cleanup?.();
  });

  const rotated = () => ({
    ...dbEnv,
    ENCRYPTION_KEY: NEW_KEY.toString('base64'),
    ENCRYPTION_KEY_PREVIOUS: OLD_KEY.toString('hex'),
  });

  it('a dry run counts what it would re-seal and changes nothing', async () => {
    const result = await runVaultReencrypt(rotated(), ['--dry-run']);
    expect(result.output).toContain('provider_keys: 7 values, 6 to re-seal, 1 already under the current key, 0 failed');
    expect(result.code).toBe(0);
    const keyIds = await withDatabase(dbEnv, (ds) => ds.getRepository(ProviderKeyEntity).find());
    expect(keyIds.filter((r) => r.keyId === keyIdOf(OLD_KEY))).toHaveLength(6);
  });

  it('re-seals every value under the new key in batches; the values still resolve with the new key alone', async () => {
    const result = await runVaultReencrypt(rotated(), ['--batch-size', '3']);
    expect(result.output).toContain(`re-sealing stored secrets with key ${keyIdOf(NEW_KEY)}`);
    expect(result.output).toMatch(
      / {2}provider_keys: 3 values looked at\n {2}provider_keys: 6 values looked at\n {2}provider_keys: 7 values looked at\n/,
    );
    expect(result.output).toContain('provider_keys: 7 values, 6 re-sealed, 1 already under the current key, 0 failed');
    expect(result.code).toBe(0);

    await withDatabase(dbEnv, async (ds) => {
      const rows = await ds.getRepository(ProviderKeyEntity).find();
      expect(rows.map((r) => r.keyId)).toEqual(rows.map(() => keyIdOf(NEW_KEY)));
      expect(rows.every((r) => r.sealedKey.startsWith(`v1.${keyIdOf(NEW_KEY)}.`))).toBe(true);
      const newOnly = new ProviderKeysService(ds, new SecretBox(NEW_KEY), new AuditService(ds));
      for (const s of stored) expect(await newOnly.resolve(s.workspaceId, s.provider)).toEqual({ apiKey: s.apiKey });
    });
  });

  it('is idempotent: a second run re-seals nothing', async () => {
    const before = await withDatabase(dbEnv, (ds) =>
      ds.getRepository(ProviderKeyEntity).find({ order: { id: 'ASC' } }),
    );
    const result = await runVaultReencrypt(rotated());
    expect(result.output).toContain('provider_keys: 7 values, 0 re-sealed, 7 already under the current key, 0 failed');
    expect(result.code).toBe(0);
    const after = await withDatabase(dbEnv, (ds) => ds.getRepository(ProviderKeyEntity).find({ order: { id: 'ASC' } }));
    expect(after.map((r) => [r.sealedKey, r.updatedAt])).toEqual(before.map((r) => [r.sealedKey, r.updatedAt]));
  });

  it('reports values it cannot open, leaves them untouched and exits 1', async () => {
    const unknown = new SecretBox(Buffer.alloc(32, 0x03));
    const target = stored[0];
    const sealed = unknown.seal('plaintext-that-was-lost-123', `provider-key:${target.workspaceId}:${target.provider}`);
    await withDatabase(dbEnv, (ds) =>
      ds.getRepository(ProviderKeyEntity).update(
        { workspaceId: target.workspaceId, provider: target.provider },
        {
          sealedKey: sealed,
        },
      ),
    );
    const result = await runVaultReencrypt(rotated());
    expect(result.code).toBe(1);
    expect(result.output).toContain(`(${target.provider}, workspace ${target.workspaceId})`);
    expect(result.output).toContain(unknown.currentKeyId);
    expect(result.output).toContain('provider_keys: 7 values, 0 re-sealed, 6 already under the current key, 1 failed');
    expect(result.output).toContain('neither ENCRYPTION_KEY');
    expect(result.output).not.toContain('plaintext-that-was-lost-123');
    const row = await withDatabase(dbEnv, (ds) =>
      ds
        .getRepository(ProviderKeyEntity)
        .findOneByOrFail({ workspaceId: target.workspaceId, provider: target.provider }),
    );
    expect(row.sealedKey).toBe(sealed);
  });
});
