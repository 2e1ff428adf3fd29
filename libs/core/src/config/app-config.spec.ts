import { ConfigError } from './config.error';
import { loadConfig, runModeOf } from './app-config';
import { ENV_VARS } from './env.schema';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env, '/srv/docqa');
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('gives a working embedded configuration with no environment at all', () => {
    const config = loadConfig({}, '/srv/docqa');
    expect(config.http.port).toBe(3000);
    expect(config.dataDir).toBe('/srv/docqa/data');
    expect(config.database).toEqual({ mode: 'embedded', dataDir: '/srv/docqa/data/pglite' });
    expect(config.redis).toBeNull();
    expect(runModeOf(config)).toEqual({ database: 'embedded', jobs: 'in-process', rateLimits: 'memory' });
    expect(config.log.pretty).toBe(true);
  });

  it('switches to server mode when DATABASE_URL and REDIS_URL are set', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://u:p@db:5432/docqa',
      REDIS_URL: 'redis://cache:6379',
      DATABASE_POOL_SIZE: '20',
    });
    expect(config.database).toEqual({ mode: 'server', url: 'postgres://u:p@db:5432/docqa', poolSize: 20, ssl: false });
    expect(config.redis).toEqual({ url: 'redis://cache:6379', keyPrefix: 'docqa' });
    expect(runModeOf(config)).toEqual({ database: 'server', jobs: 'bullmq', rateLimits: 'redis' });
  });

  it('rejects a DATABASE_URL that is not a postgres URL, saying what to set, without echoing it', () => {
    const [problem] = problemsOf({ DATABASE_URL: 'mysql://root:hunter2@db/docqa' });
    expect(problem).toContain('DATABASE_URL must be a postgres:// or postgresql:// URL');
    expect(problem).toContain('unset it to use the embedded database');
    expect(problem).not.toContain('hunter2');
  });

  it('rejects an ENCRYPTION_KEY of the wrong length and says how to make one', () => {
    const [problem] = problemsOf({ ENCRYPTION_KEY: Buffer.alloc(16).toString('base64') });
    expect(problem).toMatch(/ENCRYPTION_KEY must be exactly 32 bytes/);
    expect(problem).toContain('randomBytes(32)');
  });

  it('accepts a 32-byte key as base64 or hex', () => {
    const key = Buffer.alloc(32, 7);
    expect(loadConfig({ ENCRYPTION_KEY: key.toString('base64') }).secrets.encryptionKey).toEqual(key);
    expect(loadConfig({ ENCRYPTION_KEY: key.toString('hex') }).secrets.encryptionKey).toEqual(key);
  });

  it('requires ENCRYPTION_KEY in production only', () => {
    expect(problemsOf({ NODE_ENV: 'production' })[0]).toMatch(/ENCRYPTION_KEY is required when NODE_ENV=production/);
    expect(loadConfig({ NODE_ENV: 'development' }).secrets.encryptionKey).toBeUndefined();
  });

  it('reports every bad variable at once, by name and with the offending value for non-secrets', () => {
    const problems = problemsOf({ PORT: 'eighty', LOG_LEVEL: 'loud', REDIS_URL: 'http://cache', THROTTLE_LIMIT: '0' });
    expect(problems).toEqual([
      'PORT="eighty" must be a whole number',
      'REDIS_URL must be a redis:// or rediss:// URL, not http://: set it to redis://HOST:6379, or unset it to run jobs and rate limits in-process',
      'LOG_LEVEL="loud" must be one of: fatal, error, warn, info, debug, trace, silent',
      'THROTTLE_LIMIT="0" must be at least 1',
    ]);
  });

  it('never shows a secret value in a message', () => {
    const [problem] = problemsOf({ METRICS_TOKEN: 'short-secret' });
    expect(problem).toBe('METRICS_TOKEN (value hidden) is not valid: use at least 16 characters');
  });

  it('treats empty strings as unset and resolves DATA_DIR against the working directory', () => {
    const config = loadConfig({ DATABASE_URL: '', PORT: '', DATA_DIR: 'var/docqa' }, '/srv');
    expect(config.database.mode).toBe('embedded');
    expect(config.http.port).toBe(3000);
    expect(config.dataDir).toBe('/srv/var/docqa');
  });

  it('parses lists and booleans', () => {
    const config = loadConfig({
      CORS_ORIGINS: 'https://a.example, https://b.example',
      DATABASE_URL: 'postgresql://h/db',
      DATABASE_SSL: 'yes',
    });
    expect(config.http.corsOrigins).toEqual(['https://a.example', 'https://b.example']);
    expect(config.database).toMatchObject({ ssl: true });
  });

  it('has a default or an optional driver for every variable, so an empty environment boots', () => {
    for (const [name, v] of Object.entries(ENV_VARS)) {
      const spec = v.spec as { default?: unknown };
      const optional = ['DATABASE_URL', 'REDIS_URL', 'ENCRYPTION_KEY', 'METRICS_TOKEN'].includes(name);
      expect({ name, ok: spec.default !== undefined || optional }).toEqual({ name, ok: true });
    }
  });
});
