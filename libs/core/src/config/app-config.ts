import { isAbsolute, join, resolve } from 'node:path';
import { ConfigError } from './config.error';
import { decodeKey32, parseEnv } from './parse-env';

export type RunMode = 'embedded' | 'server';

/**
 * The validated, typed configuration. It is the only place that reads `process.env`; everything else
 * injects this class. The two run modes are decided here and nowhere else.
 */
export abstract class AppConfig {
  abstract readonly env: 'development' | 'production' | 'test';
  abstract readonly dataDir: string;
  abstract readonly http: {
    host: string;
    port: number;
    bodyLimitBytes: number;
    corsOrigins: string[];
    shutdownTimeoutMs: number;
  };
  abstract readonly worker: { port: number };
  abstract readonly database:
    { mode: 'embedded'; dataDir: string } | { mode: 'server'; url: string; poolSize: number; ssl: boolean };
  abstract readonly redis: { url: string; keyPrefix: string } | null;
  abstract readonly log: { level: string; pretty: boolean };
  abstract readonly throttle: { ttlMs: number; limit: number; principalLimit: number };
  abstract readonly ready: { minFreeDiskBytes: number; checkTimeoutMs: number };
  abstract readonly jobs: { attempts: number; backoffMs: number; concurrency: number; lockMs: number };
  abstract readonly auth: {
    /** Unset outside production: the auth lib generates one under DATA_DIR. Secret: never logged. */
    jwtSecret?: string;
    accessTokenTtlSeconds: number;
    refreshTokenTtlSeconds: number;
    registration: 'open' | 'invite' | 'closed';
    argon2MemoryKib: number;
    throttle: { ttlMs: number; limit: number };
    loginBackoff: { accountThreshold: number; ipThreshold: number; baseMs: number; maxMs: number };
  };
  abstract readonly llm: {
    /** LLM calls a workspace may start per minute unless it has its own limit. */
    rateLimitPerMinute: number;
  };
  abstract readonly ingestion: {
    /** Where uploaded originals are stored (local disk driver). */
    storageDir: string;
    maxUploadBytes: number;
    maxFilesPerUpload: number;
    parse: {
      workers: number;
      timeoutMs: number;
      maxHeapMb: number;
      recycleAfter: number;
      maxInflatedBytes: number;
      maxZipEntries: number;
      maxCompressionRatio: number;
      ocr: { enabled: boolean; languages: string };
    };
    chunking: { parentTokens: number; childTokens: number; childOverlapTokens: number };
  };
  abstract readonly embeddings: {
    provider: 'local' | 'offline' | 'openai' | 'cohere';
    /** Unset: the provider's default model. */
    model?: string;
    batchSize: number;
    /** 0: no cache. */
    cacheTtlSeconds: number;
    modelsDir: string;
    allowDownloads: boolean;
  };
  /** Platform keys and endpoints of hosted providers (each SDK's usual variables). Keys are secrets. */
  abstract readonly providers: {
    openai: { apiKey?: string; baseUrl?: string };
    cohere: { apiKey?: string; baseUrl?: string };
  };
  abstract readonly secrets: {
    encryptionKey?: Buffer;
    /** Keys ENCRYPTION_KEY replaced: values sealed with them are still opened, and re-sealed by `vault:reencrypt`. */
    previousEncryptionKeys: Buffer[];
    metricsToken?: string;
  };
}

/** Which driver each dependency uses, derived from the configuration in one place. */
export function runModeOf(config: Pick<AppConfig, 'database' | 'redis'>): {
  database: RunMode;
  jobs: 'bullmq' | 'in-process';
  rateLimits: 'redis' | 'memory';
} {
  return {
    database: config.database.mode,
    jobs: config.redis ? 'bullmq' : 'in-process',
    rateLimits: config.redis ? 'redis' : 'memory',
  };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): AppConfig {
  const e = parseEnv(env);
  const dataDir = isAbsolute(e.DATA_DIR) ? e.DATA_DIR : resolve(cwd, e.DATA_DIR);
  if (e.NODE_ENV === 'production' && !e.ENCRYPTION_KEY) {
    throw new ConfigError([
      'ENCRYPTION_KEY is required when NODE_ENV=production: ' +
        "generate one with: node -e \"console.log(require('crypto').randomBytes(32).toString('base64'))\"",
    ]);
  }
  const previousEncryptionKeys = (e.ENCRYPTION_KEY_PREVIOUS ?? []).map((raw) => decodeKey32(raw));
  const badPrevious = previousEncryptionKeys.flatMap((key, i) => (key ? [] : [i + 1]));
  if (badPrevious.length) {
    throw new ConfigError([
      `ENCRYPTION_KEY_PREVIOUS (value hidden): entry ${badPrevious.join(', ')} is not a 32-byte key; ` +
        'each comma-separated entry must be base64 (44 characters) or 64 hex characters, like ENCRYPTION_KEY',
    ]);
  }
  if (e.NODE_ENV === 'production' && !e.JWT_SECRET) {
    throw new ConfigError([
      'JWT_SECRET is required when NODE_ENV=production: ' +
        "generate one with: node -e \"console.log(require('crypto').randomBytes(48).toString('base64'))\"",
    ]);
  }
  const problems: string[] = [];
  if (e.EMBEDDING_PROVIDER === 'openai' && !e.OPENAI_API_KEY) {
    problems.push('OPENAI_API_KEY is required when EMBEDDING_PROVIDER=openai: set it, or choose another provider');
  }
  if (e.EMBEDDING_PROVIDER === 'cohere' && !e.CO_API_KEY) {
    problems.push('CO_API_KEY is required when EMBEDDING_PROVIDER=cohere: set it, or choose another provider');
  }
  if (e.CHUNK_CHILD_OVERLAP_TOKENS >= e.CHUNK_CHILD_TOKENS) {
    problems.push('CHUNK_CHILD_OVERLAP_TOKENS must be smaller than CHUNK_CHILD_TOKENS');
  }
  if (e.CHUNK_CHILD_TOKENS > e.CHUNK_PARENT_TOKENS) {
    problems.push('CHUNK_CHILD_TOKENS must not exceed CHUNK_PARENT_TOKENS');
  }
  if (problems.length) throw new ConfigError(problems);
  const env_ = e.NODE_ENV as AppConfig['env'];
  return Object.freeze({
    env: env_,
    dataDir,
    http: {
      host: e.HOST,
      port: e.PORT,
      bodyLimitBytes: e.BODY_LIMIT_BYTES,
      corsOrigins: e.CORS_ORIGINS,
      shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    },
    worker: { port: e.WORKER_PORT },
    database: e.DATABASE_URL
      ? { mode: 'server' as const, url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE, ssl: e.DATABASE_SSL }
      : { mode: 'embedded' as const, dataDir: join(dataDir, 'pglite') },
    redis: e.REDIS_URL ? { url: e.REDIS_URL, keyPrefix: e.REDIS_KEY_PREFIX } : null,
    log: {
      level: e.LOG_LEVEL,
      pretty: e.LOG_FORMAT === 'pretty' || (e.LOG_FORMAT === 'auto' && env_ !== 'production'),
    },
    throttle: {
      ttlMs: e.THROTTLE_TTL_SECONDS * 1000,
      limit: e.THROTTLE_LIMIT,
      principalLimit: e.PRINCIPAL_THROTTLE_LIMIT,
    },
    ready: { minFreeDiskBytes: e.READY_MIN_FREE_DISK_MB * 1024 * 1024, checkTimeoutMs: e.READY_CHECK_TIMEOUT_MS },
    jobs: {
      attempts: e.JOB_ATTEMPTS,
      backoffMs: e.JOB_BACKOFF_MS,
      concurrency: e.JOB_CONCURRENCY,
      lockMs: e.JOB_LOCK_MS,
    },
    auth: {
      jwtSecret: e.JWT_SECRET,
      accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlSeconds: e.REFRESH_TOKEN_TTL_DAYS * 86_400,
      registration: e.REGISTRATION as AppConfig['auth']['registration'],
      argon2MemoryKib: e.ARGON2_MEMORY_KIB,
      throttle: { ttlMs: e.AUTH_THROTTLE_TTL_SECONDS * 1000, limit: e.AUTH_THROTTLE_LIMIT },
      loginBackoff: {
        accountThreshold: e.LOGIN_BACKOFF_THRESHOLD,
        ipThreshold: e.LOGIN_BACKOFF_IP_THRESHOLD,
        baseMs: e.LOGIN_BACKOFF_BASE_SECONDS * 1000,
        maxMs: e.LOGIN_BACKOFF_MAX_SECONDS * 1000,
      },
    },
    llm: { rateLimitPerMinute: e.LLM_RATE_LIMIT_PER_MINUTE },
    ingestion: {
      storageDir: join(dataDir, 'files'),
      maxUploadBytes: e.UPLOAD_MAX_BYTES,
      maxFilesPerUpload: e.UPLOAD_MAX_FILES,
      parse: {
        workers: e.PARSE_WORKERS,
        timeoutMs: e.PARSE_TIMEOUT_MS,
        maxHeapMb: e.PARSE_MAX_HEAP_MB,
        recycleAfter: e.PARSE_RECYCLE_AFTER,
        maxInflatedBytes: e.PARSE_MAX_INFLATED_MB * 1024 * 1024,
        maxZipEntries: e.PARSE_MAX_ZIP_ENTRIES,
        maxCompressionRatio: e.PARSE_MAX_COMPRESSION_RATIO,
        ocr: { enabled: e.OCR_ENABLED, languages: e.OCR_LANGUAGES },
      },
      chunking: {
        parentTokens: e.CHUNK_PARENT_TOKENS,
        childTokens: e.CHUNK_CHILD_TOKENS,
        childOverlapTokens: e.CHUNK_CHILD_OVERLAP_TOKENS,
      },
    },
    embeddings: {
      provider: e.EMBEDDING_PROVIDER as AppConfig['embeddings']['provider'],
      model: e.EMBEDDING_MODEL,
      batchSize: e.EMBEDDING_BATCH_SIZE,
      cacheTtlSeconds: e.EMBEDDING_CACHE_TTL_SECONDS,
      modelsDir: e.MODELS_DIR
        ? isAbsolute(e.MODELS_DIR)
          ? e.MODELS_DIR
          : resolve(cwd, e.MODELS_DIR)
        : join(dataDir, 'models'),
      allowDownloads: e.MODEL_DOWNLOADS,
    },
    providers: {
      openai: { apiKey: e.OPENAI_API_KEY, baseUrl: e.OPENAI_BASE_URL },
      cohere: { apiKey: e.CO_API_KEY, baseUrl: e.CO_API_URL },
    },
    secrets: {
      encryptionKey: e.ENCRYPTION_KEY,
      previousEncryptionKeys: previousEncryptionKeys as Buffer[],
      metricsToken: e.METRICS_TOKEN,
    },
  });
}
