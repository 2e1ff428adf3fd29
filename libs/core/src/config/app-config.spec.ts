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

  it('parses ENCRYPTION_KEY_PREVIOUS into keys, in the same formats, and rejects a bad entry without echoing it', () => {
    const a = Buffer.alloc(32, 1);
    const b = Buffer.alloc(32, 2);
    const config = loadConfig({ ENCRYPTION_KEY_PREVIOUS: `${a.toString('hex')}, ${b.toString('base64url')}` });
    expect(config.secrets.previousEncryptionKeys).toEqual([a, b]);
    expect(loadConfig({}).secrets.previousEncryptionKeys).toEqual([]);

    const [problem] = problemsOf({ ENCRYPTION_KEY_PREVIOUS: `${a.toString('base64')},tooshort-secret` });
    expect(problem).toMatch(/ENCRYPTION_KEY_PREVIOUS .*entry 2 is not a 32-byte key/);
    expect(problem).not.toContain('tooshort-secret');
    expect(problem).not.toContain(a.toString('base64'));
  });

  it('requires JWT_SECRET (at least 32 characters) in production only, and never echoes it', () => {
    const key = Buffer.alloc(32, 3).toString('base64');
    expect(problemsOf({ NODE_ENV: 'production', ENCRYPTION_KEY: key })[0]).toMatch(
      /JWT_SECRET is required when NODE_ENV=production/,
    );
    expect(loadConfig({ NODE_ENV: 'development' }).auth.jwtSecret).toBeUndefined();
    const [problem] = problemsOf({ JWT_SECRET: 'too-short-secret' });
    expect(problem).toMatch(/JWT_SECRET \(value hidden\) is not valid: use at least 32 random characters/);
    expect(problem).not.toContain('too-short-secret');
    const secret = 's'.repeat(32);
    expect(loadConfig({ NODE_ENV: 'production', ENCRYPTION_KEY: key, JWT_SECRET: secret }).auth.jwtSecret).toBe(secret);
  });

  it('reads the account settings with their documented defaults', () => {
    expect(loadConfig({}).auth).toEqual({
      jwtSecret: undefined,
      accessTokenTtlSeconds: 900,
      refreshTokenTtlSeconds: 7 * 86_400,
      registration: 'open',
      argon2MemoryKib: 19_456,
      throttle: { ttlMs: 60_000, limit: 10 },
      loginBackoff: { accountThreshold: 5, ipThreshold: 20, baseMs: 30_000, maxMs: 900_000 },
    });
    expect(problemsOf({ REGISTRATION: 'sometimes' })[0]).toMatch(
      /REGISTRATION="sometimes" must be one of: open, invite, closed/,
    );
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
      const optional = [
        'DATABASE_URL',
        'REDIS_URL',
        'ENCRYPTION_KEY',
        'ENCRYPTION_KEY_PREVIOUS',
        'METRICS_TOKEN',
        'JWT_SECRET',
        'EMBEDDING_MODEL',
        'MODELS_DIR',
        'OPENAI_API_KEY',
        'OPENAI_BASE_URL',
        'CO_API_KEY',
        'CO_API_URL',
      ].includes(name);
      expect({ name, ok: spec.default !== undefined || optional }).toEqual({ name, ok: true });
    }
  });
});

describe('loadConfig: ingestion and embeddings', () => {
  it('stores uploads and models under DATA_DIR unless told otherwise', () => {
    const config = loadConfig({ DATA_DIR: '/var/docqa' }, '/srv/docqa');
    expect(config.ingestion.storageDir).toBe('/var/docqa/files');
    expect(config.embeddings.modelsDir).toBe('/var/docqa/models');
    expect(loadConfig({ MODELS_DIR: 'models' }, '/srv/docqa').embeddings.modelsDir).toBe('/srv/docqa/models');
    expect(config.embeddings.provider).toBe('local');
    expect(config.ingestion.parse.maxInflatedBytes).toBe(512 * 1024 * 1024);
  });

  it('requires the hosted provider key only when that embedding provider is chosen', () => {
    expect(problemsOf({ EMBEDDING_PROVIDER: 'openai' })).toEqual([
      'OPENAI_API_KEY is required when EMBEDDING_PROVIDER=openai: set it, or choose another provider',
    ]);
    expect(problemsOf({ EMBEDDING_PROVIDER: 'cohere' })[0]).toContain('CO_API_KEY is required');
    expect(loadConfig({ EMBEDDING_PROVIDER: 'openai', OPENAI_API_KEY: 'sk-test' }).providers.openai.apiKey).toBe(
      'sk-test',
    );
  });

  it('rejects chunk sizes that cannot work together', () => {
    expect(problemsOf({ CHUNK_CHILD_TOKENS: '100', CHUNK_CHILD_OVERLAP_TOKENS: '100' })).toEqual([
      'CHUNK_CHILD_OVERLAP_TOKENS must be smaller than CHUNK_CHILD_TOKENS',
    ]);
    expect(problemsOf({ CHUNK_CHILD_TOKENS: '2000' })).toEqual([
      'CHUNK_CHILD_TOKENS must not exceed CHUNK_PARENT_TOKENS',
    ]);
  });

  it('rejects OCR languages that are not tesseract codes', () => {
    expect(problemsOf({ OCR_LANGUAGES: 'eng;rm -rf' })[0]).toContain('OCR_LANGUAGES');
  });
});
