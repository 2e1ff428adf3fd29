import {
  AuditService,
  UserEntity,
  WorkspaceEntity,
  WorkspaceMemberEntity,
  scopesForRole,
  SecretBox,
  type RequestPrincipal,
} from '@docqa/auth';
import type { DocqaDataSource } from '@docqa/core';
import { runVaultReencrypt, withDatabase } from '../../../../../test/support/vault-reencrypt-cli';
import { databaseFor, databaseModes, testConfig, uniqueName } from '../../../../../test/support/test-env';
import { McpServersService } from '../servers/mcp-servers.service';
import { McpConnections } from './mcp-connections';
import { McpServerEntity } from './mcp-server.entity';
import { McpServerStore } from './mcp-server-store';

const KEY_A = Buffer.alloc(32, 0x0a);
const KEY_B = Buffer.alloc(32, 0x0b);

describe.each(databaseModes())('npm run vault:reencrypt re-seals MCP server secrets on the %s database', (mode) => {
  let cleanup: () => Promise<void>;
  let dbEnv: Record<string, string>;
  let principal: RequestPrincipal;
  const servers: Record<string, string> = {};
  const HEADERS = { Authorization: 'Bearer mcp-header-secret-1234' };
  const ENV = { TOOL_TOKEN: 'mcp-env-secret-5678' };

  const config = () => testConfig({ ...dbEnv, MCP_ALLOW_STDIO: 'true', MCP_ALLOW_PRIVATE_NETWORK: 'true' });

  /** The configuration routes' service and the connections' store, opening with `box` only. */
  function mcp(ds: DocqaDataSource, box: SecretBox) {
    const cfg = config();
    const store = new McpServerStore(ds, box, cfg);
    const connections = new McpConnections(cfg);
    const service = new McpServersService(ds, store, connections, new AuditService(ds), cfg);
    return { store, service, connections };
  }

  beforeAll(async () => {
    const db = await databaseFor(mode);
    cleanup = db.cleanup;
    dbEnv = db.env;
    await withDatabase(dbEnv, async (ds) => {
      await ds.runMigrations();
      const user = await ds
        .getRepository(UserEntity)
        .save({ email: `${uniqueName('u')}@example.test`, passwordHash: 'x', platformRole: 'admin' });
      const ws = await ds.getRepository(WorkspaceEntity).save({ name: uniqueName('ws') });
      await ds.getRepository(WorkspaceMemberEntity).save({ workspaceId: ws.id, userId: user.id, role: 'owner' });
      principal = {
        userId: user.id,
        platformRole: 'admin',
        workspaceId: ws.id,
        workspaceRole: 'owner',
        scopes: scopesForRole('owner'),
      };
      const { service, connections } = mcp(ds, new SecretBox(KEY_A));
      try {
        servers.http = (
          await service.create(principal, {
            name: 'remote',
            transport: 'http',
            url: 'http://127.0.0.1:9/mcp',
            headers: HEADERS,
            allowedTools: ['search'],
          })
        ).id;
        servers.stdio = (
          await service.create(principal, {
            name: 'local',
            transport: 'stdio',
            command: 'true',
            env: ENV,
            allowedTools: ['search'],
          })
        ).id;
        // No secrets: nothing sealed, nothing to re-seal.
        servers.plain = (
          await service.create(principal, { name: 'plain', transport: 'stdio', command: 'true', allowedTools: [] })
        ).id;
      } finally {
        await connections.onModuleDestroy();
      }
    });
  });
  afterAll(async () => {
    await cleanup?.();
  });

  const rotated = () => ({
    ...dbEnv,
    ENCRYPTION_KEY: KEY_B.toString('base64'),
    ENCRYPTION_KEY_PREVIOUS: KEY_A.toString('hex'),
  });

  it('before the run, the secrets need key A', async () => {
    await withDatabase(dbEnv, async (ds) => {
      const row = await ds.getRepository(McpServerEntity).findOneByOrFail({ id: servers.http });
      expect(row.keyId).toBe(new SecretBox(KEY_A).currentKeyId);
      expect(() => mcp(ds, new SecretBox(KEY_B)).store.secretsOf(row)).toThrow(/neither ENCRYPTION_KEY/);
    });
  });

  it('a dry run counts the sealed MCP secrets and changes nothing', async () => {
    const result = await runVaultReencrypt(rotated(), ['--dry-run']);
    expect(result.output).toContain('mcp_servers: 2 values, 2 to re-seal, 0 already under the current key, 0 failed');
    expect(result.code).toBe(0);
    const rows = await withDatabase(dbEnv, (ds) => ds.getRepository(McpServerEntity).find());
    expect(rows.filter((r) => r.keyId === new SecretBox(KEY_A).currentKeyId)).toHaveLength(2);
  });

  it('re-seals them under key B; they open with key B alone and the servers still work', async () => {
    const result = await runVaultReencrypt(rotated(), ['--batch-size', '1']);
    expect(result.output).toContain('mcp_servers: 2 values, 2 re-sealed, 0 already under the current key, 0 failed');
    expect(result.code).toBe(0);
    const output = result.output;
    expect(output).not.toContain(HEADERS.Authorization);
    expect(output).not.toContain(ENV.TOOL_TOKEN);

    await withDatabase(dbEnv, async (ds) => {
      const keyB = new SecretBox(KEY_B);
      const { store, service, connections } = mcp(ds, keyB);
      try {
        const rows = await ds.getRepository(McpServerEntity).find({ order: { name: 'ASC' } });
        for (const row of rows.filter((r) => r.sealedSecrets)) {
          expect(row.keyId).toBe(keyB.currentKeyId);
          expect(row.sealedSecrets?.startsWith(`v1.${keyB.currentKeyId}.`)).toBe(true);
        }
        const byId = (id: string) => rows.find((r) => r.id === id)!;
        expect(store.resolve(byId(servers.http)).headers).toEqual(HEADERS);
        expect(store.resolve(byId(servers.stdio)).env).toEqual(ENV);
        expect(store.resolve(byId(servers.plain))).toMatchObject({ headers: {}, env: {} });
        // A change that keeps the secrets opens them through the service and keeps them.
        await service.update(principal, servers.stdio, { timeoutMs: 5000 });
        const changed = await ds.getRepository(McpServerEntity).findOneByOrFail({ id: servers.stdio });
        expect(store.secretsOf(changed)).toEqual({ headers: {}, env: ENV });
        expect(await service.get(principal, servers.http)).toMatchObject({ headerNames: ['Authorization'] });
      } finally {
        await connections.onModuleDestroy();
      }
    });
  });

  it('is idempotent: a second run re-seals nothing', async () => {
    const before = await withDatabase(dbEnv, (ds) => ds.getRepository(McpServerEntity).find({ order: { id: 'ASC' } }));
    const result = await runVaultReencrypt(rotated());
    expect(result.output).toContain('mcp_servers: 2 values, 0 re-sealed, 2 already under the current key, 0 failed');
    expect(result.code).toBe(0);
    const after = await withDatabase(dbEnv, (ds) => ds.getRepository(McpServerEntity).find({ order: { id: 'ASC' } }));
    expect(after.map((r) => [r.sealedSecrets, r.updatedAt])).toEqual(before.map((r) => [r.sealedSecrets, r.updatedAt]));
  });
});
