import { mkdtemp, readFile, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadJwtSecret } from './jwt-secret';

type Config = Parameters<typeof loadJwtSecret>[0];

function configFor(dataDir: string, overrides: Partial<Config> = {}): Config {
  return { env: 'development', dataDir, auth: { jwtSecret: undefined } as Config['auth'], ...overrides };
}

describe('loadJwtSecret', () => {
  let dir: string;
  const warnings: string[] = [];
  const logger = { warn: (m: string) => void warnings.push(m) };
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'docqa-jwt-'));
    warnings.length = 0;
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('uses JWT_SECRET when it is set, without touching DATA_DIR or warning', async () => {
    const secret = 'x'.repeat(40);
    const config = configFor(dir, { env: 'production', auth: { jwtSecret: secret } as Config['auth'] });
    expect(await loadJwtSecret(config, logger)).toBe(secret);
    expect(warnings).toEqual([]);
    await expect(stat(join(dir, 'secrets'))).rejects.toThrow(/ENOENT/);
  });

  it('refuses to generate one in production', async () => {
    await expect(loadJwtSecret(configFor(dir, { env: 'production' }), logger)).rejects.toThrow(
      /JWT_SECRET is required/,
    );
  });

  it('generates a secret once, private to the owner, and warns each time it is used', async () => {
    const first = await loadJwtSecret(configFor(dir), logger);
    const file = join(dir, 'secrets', 'jwt.key');
    expect((await readFile(file, 'utf8')).trim()).toBe(first);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'secrets'))).mode & 0o777).toBe(0o700);
    expect(await loadJwtSecret(configFor(dir), logger)).toBe(first);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/JWT_SECRET is not set.*generated now.*Set JWT_SECRET for production/);
    expect(warnings[1]).toMatch(/generated earlier/);
    expect(warnings.join(' ')).not.toContain(first);
  });

  it('agrees on one secret when several processes start at once', async () => {
    const secrets = await Promise.all([1, 2, 3, 4].map(() => loadJwtSecret(configFor(dir), logger)));
    expect(new Set(secrets).size).toBe(1);
  });

  it('refuses a secret file that is too short rather than signing with it', async () => {
    await mkdir(join(dir, 'secrets'));
    await writeFile(join(dir, 'secrets', 'jwt.key'), 'short\n');
    await expect(loadJwtSecret(configFor(dir), logger)).rejects.toThrow(/fewer than 32 characters/);
  });
});
