import { mkdtemp, readFile, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keyIdOf } from './secret-box';
import { GENERATED_KEY_FILE, loadSecretBox } from './encryption-keys';

function recorder(): { warn: jest.Mock; log: jest.Mock } {
  return { warn: jest.fn(), log: jest.fn() };
}

type Env = 'development' | 'production' | 'test';

describe('loadSecretBox', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'docqa-vault-keys-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  const config = (env: Env, encryptionKey?: Buffer, previousEncryptionKeys: Buffer[] = []) => ({
    env,
    dataDir,
    secrets: { encryptionKey, previousEncryptionKeys },
  });

  it('without ENCRYPTION_KEY generates a private key file once, reuses it, and warns to set ENCRYPTION_KEY', async () => {
    const logger = recorder();
    const first = await loadSecretBox(config('development'), logger);
    const file = join(dataDir, GENERATED_KEY_FILE);
    expect(((await stat(file)).mode & 0o777).toString(8)).toBe('600');
    expect(((await stat(join(dataDir, 'secrets'))).mode & 0o777).toString(8)).toBe('700');
    const key = Buffer.from((await readFile(file, 'utf8')).trim(), 'base64');
    expect(key).toHaveLength(32);
    expect(first.currentKeyId).toBe(keyIdOf(key));
    expect(logger.warn).toHaveBeenCalledWith(expect.stringContaining('Set ENCRYPTION_KEY for production'));

    const second = await loadSecretBox(config('development'), recorder());
    expect(second.currentKeyId).toBe(first.currentKeyId);
    expect(second.open(first.seal('kept across restarts'))).toBe('kept across restarts');
  });

  it('gives every process starting at once the same generated key', async () => {
    const boxes = await Promise.all(Array.from({ length: 8 }, () => loadSecretBox(config('test'), recorder())));
    expect(new Set(boxes.map((b) => b.currentKeyId)).size).toBe(1);
  });

  it('uses ENCRYPTION_KEY and the previous keys when set, creating no file', async () => {
    const current = Buffer.alloc(32, 1);
    const old = Buffer.alloc(32, 2);
    const box = await loadSecretBox(config('production', current, [old]), recorder());
    expect(box.keyIds).toEqual([keyIdOf(current), keyIdOf(old)]);
    await expect(stat(join(dataDir, GENERATED_KEY_FILE))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('still opens what the generated key sealed once ENCRYPTION_KEY is set', async () => {
    const generated = await loadSecretBox(config('development'), recorder());
    const sealed = generated.seal('sealed before ENCRYPTION_KEY was set');
    const logger = recorder();
    const configured = await loadSecretBox(config('development', Buffer.alloc(32, 9)), logger);
    expect(configured.currentKeyId).toBe(keyIdOf(Buffer.alloc(32, 9)));
    expect(configured.open(sealed)).toBe('sealed before ENCRYPTION_KEY was set');
    expect(logger.log).toHaveBeenCalledWith(expect.stringContaining('npm run vault:reencrypt'));
  });

  it('refuses to run without ENCRYPTION_KEY in production, and to use a damaged key file', async () => {
    await expect(loadSecretBox(config('production'), recorder())).rejects.toThrow('ENCRYPTION_KEY is required');
    await mkdir(join(dataDir, 'secrets'));
    await writeFile(join(dataDir, GENERATED_KEY_FILE), 'not a key\n');
    await expect(loadSecretBox(config('development'), recorder())).rejects.toThrow('does not hold a 32-byte key');
  });
});
