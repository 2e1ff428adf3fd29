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
        // LLM router: every provider is optional; with none, the offline answerer serves.
        'ANTHROPIC_API_KEY',
        'ANTHROPIC_BASE_URL',
        'GROQ_API_KEY',
        'GROQ_BASE_URL',
        'GEMINI_API_KEY',
        'GEMINI_BASE_URL',
        'OPENAI_COMPATIBLE_BASE_URL',
        'OPENAI_COMPATIBLE_API_KEY',
        'OPENAI_COMPATIBLE_MODEL',
        'LLM_CHAIN',
        'LLM_PRICES',
        // Safety: without a NER model, person names come from the heuristic.
        'PII_NER_MODEL',
        // Search: each reranker has a default model.
        'RERANK_MODEL',
        // Tracing: the endpoint and service name fall back to localhost and the process; headers are optional.
        'OTEL_EXPORTER_OTLP_ENDPOINT',
        'OTEL_EXPORTER_OTLP_HEADERS',
        'OTEL_SERVICE_NAME',
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

describe('loadConfig: LLM router', () => {
  it('has no chain, no platform keys and the documented defaults with no environment', () => {
    const config = loadConfig({});
    expect(config.llm).toMatchObject({
      chain: null,
      retry: { maxRetries: 2, baseMs: 250, maxWaitMs: 20_000 },
      timeouts: { connectMs: 10_000, firstTokenMs: 30_000, totalMs: 300_000 },
      circuit: { failureThreshold: 5, openMs: 30_000 },
      prices: {},
      budgetWarnRatio: 0.8,
    });
    expect(config.providers.anthropic).toEqual({ apiKey: undefined, baseUrl: undefined });
  });

  it('parses LLM_CHAIN entries, keeping colons inside model names', () => {
    const config = loadConfig({ LLM_CHAIN: 'groq, openai:gpt-4o, openai-compatible:llama3.1:8b, offline' });
    expect(config.llm.chain).toEqual([
      { provider: 'groq' },
      { provider: 'openai', model: 'gpt-4o' },
      { provider: 'openai-compatible', model: 'llama3.1:8b' },
      { provider: 'offline' },
    ]);
  });

  it('rejects an unknown provider in LLM_CHAIN, and openai-compatible without a model, saying what to write', () => {
    const problems = problemsOf({ LLM_CHAIN: 'groq,mistral,openai-compatible' });
    expect(problems[0]).toMatch(/LLM_CHAIN entry "mistral" is not valid: write provider or provider:model/);
    expect(problems[1]).toMatch(/openai-compatible without a model/);
    expect(loadConfig({ LLM_CHAIN: 'openai-compatible', OPENAI_COMPATIBLE_MODEL: 'qwen2.5' }).llm.chain).toEqual([
      { provider: 'openai-compatible' },
    ]);
  });

  it('parses LLM_PRICES per model or per provider and model, and rejects a malformed entry', () => {
    const config = loadConfig({ LLM_PRICES: 'gpt-4o-mini=0.15/0.6, openai-compatible:llama3.1:8b=0/0' });
    expect(config.llm.prices).toEqual({
      'gpt-4o-mini': { inputPerMTok: 0.15, outputPerMTok: 0.6 },
      'openai-compatible:llama3.1:8b': { inputPerMTok: 0, outputPerMTok: 0 },
    });
    expect(problemsOf({ LLM_PRICES: 'gpt-4o=cheap' })[0]).toMatch(/LLM_PRICES entry "gpt-4o=cheap" is not valid/);
  });

  it('keeps provider keys out of error messages', () => {
    const [problem] = problemsOf({ GROQ_BASE_URL: 'not a url', GROQ_API_KEY: 'gsk_secret_value' });
    expect(problem).toMatch(/GROQ_BASE_URL is not a URL/);
    expect(problem).not.toContain('gsk_secret_value');
  });
});

describe('loadConfig: safety', () => {
  it('masks PII in logs and uses the heuristic for names by default; both can be changed', () => {
    expect(loadConfig({}).safety).toEqual({ logMasking: true, nerModel: undefined });
    expect(loadConfig({ PII_LOG_MASKING: 'false', PII_NER_MODEL: 'Xenova/bert-base-NER' }).safety).toEqual({
      logMasking: false,
      nerModel: 'Xenova/bert-base-NER',
    });
    expect(() => loadConfig({ PII_LOG_MASKING: 'sometimes' })).toThrow(
      'PII_LOG_MASKING="sometimes" must be true or false',
    );
  });
});

describe('loadConfig: search', () => {
  it('reads BM25 parameters as numbers and the rerank settings', () => {
    const config = loadConfig({ SEARCH_BM25_K1: '1.2', SEARCH_BM25_B: '0.75', RERANK_PROVIDER: 'local' });
    expect(config.retrieval.bm25).toEqual({ k1: 1.2, b: 0.75 });
    expect(config.retrieval.rerank).toMatchObject({ provider: 'local', topN: 30, timeoutMs: 2000 });
    expect(loadConfig({}).retrieval).toMatchObject({ bm25: { k1: 0.9, b: 0.4 }, rrfK: 60, hnswEfSearch: 40 });
  });

  it('refuses out-of-range BM25 parameters and Cohere reranking without its key', () => {
    expect(() => loadConfig({ SEARCH_BM25_B: '1.5' })).toThrow(/SEARCH_BM25_B/);
    expect(() => loadConfig({ SEARCH_BM25_K1: 'abc' })).toThrow(/SEARCH_BM25_K1/);
    expect(() => loadConfig({ RERANK_PROVIDER: 'cohere' })).toThrow(
      /CO_API_KEY is required when RERANK_PROVIDER=cohere/,
    );
  });
});
