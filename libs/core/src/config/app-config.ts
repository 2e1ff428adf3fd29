import { isAbsolute, join, resolve } from 'node:path';
import { ConfigError } from './config.error';
import { rememberEnvironment } from './config-report';
import { decodeKey32, parseEnv } from './parse-env';
import { parseOtlpHeaders } from './otlp-headers';

export type RunMode = 'embedded' | 'server';

/** Chat providers of the LLM router. Values appear in chains, usage rows and metrics; never rename one. */
export const LLM_PROVIDER_IDS = [
  'groq',
  'openai',
  'anthropic',
  'cohere',
  'gemini',
  'openai-compatible',
  'offline',
] as const;
export type LlmProviderId = (typeof LLM_PROVIDER_IDS)[number];

/** One entry of a fallback chain; without a model, the provider's default model. */
export interface LlmChainStep {
  provider: LlmProviderId;
  model?: string;
}

/** US dollars per million tokens. */
export interface LlmPrice {
  inputPerMTok: number;
  outputPerMTok: number;
}

/** `provider` or `provider:model` (the model may itself hold colons, as Ollama tags do); undefined when invalid. */
export function parseLlmChainStep(entry: string): LlmChainStep | undefined {
  const colon = entry.indexOf(':');
  const provider = (colon < 0 ? entry : entry.slice(0, colon)).trim();
  const model = colon < 0 ? undefined : entry.slice(colon + 1).trim();
  if (!(LLM_PROVIDER_IDS as readonly string[]).includes(provider)) return undefined;
  if (model !== undefined && !/^[\x21-\x7e]{1,200}$/.test(model)) return undefined;
  return model ? { provider: provider as LlmProviderId, model } : { provider: provider as LlmProviderId };
}

/** `[provider:]model=input/output` entries of LLM_PRICES, keyed `model` or `provider:model`. */
function parseLlmPrices(entries: string[], problems: string[]): Record<string, LlmPrice> {
  const prices: Record<string, LlmPrice> = {};
  for (const entry of entries) {
    const eq = entry.lastIndexOf('=');
    const key = eq > 0 ? entry.slice(0, eq).trim() : '';
    const m = /^(\d+(?:\.\d+)?)\/(\d+(?:\.\d+)?)$/.exec(eq > 0 ? entry.slice(eq + 1).trim() : '');
    if (!key || !m) {
      problems.push(
        `LLM_PRICES entry ${JSON.stringify(entry)} is not valid: write model=input/output in US dollars per million tokens, e.g. gpt-4o-mini=0.15/0.6`,
      );
      continue;
    }
    prices[key] = { inputPerMTok: Number(m[1]), outputPerMTok: Number(m[2]) };
  }
  return prices;
}

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
    /** The platform's fallback chain (LLM_CHAIN); null: every provider with a platform key, then offline. */
    chain: LlmChainStep[] | null;
    retry: { maxRetries: number; baseMs: number; maxWaitMs: number };
    timeouts: { connectMs: number; firstTokenMs: number; totalMs: number };
    circuit: { failureThreshold: number; openMs: number };
    /** LLM_PRICES, keyed `model` or `provider:model`; the router's built-in table fills in the rest. */
    prices: Record<string, LlmPrice>;
    /** Share of a monthly budget past which calls carry a warning (0..1]. */
    budgetWarnRatio: number;
  };
  abstract readonly ingestion: {
    /** Where uploaded originals are stored (local disk driver). */
    storageDir: string;
    maxUploadBytes: number;
    maxFilesPerUpload: number;
    /** Quotas of a workspace without its own (set by platform admins); null: no limit. */
    defaultQuota: { maxDocuments: number | null; maxStorageBytes: number | null };
    parse: {
      workers: number;
      timeoutMs: number;
      maxHeapMb: number;
      recycleAfter: number;
      /** Resident memory (MB) above which a parser process compacts its heap after a document. */
      trimAboveMb: number;
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
  /** Search (libs/retrieval). */
  abstract readonly retrieval: {
    hnswEfSearch: number;
    bm25: { k1: number; b: number };
    rrfK: number;
    /** Results each leg hands to fusion. */
    candidates: number;
    /** Scopes of at most this many chunks are scored whole (no HNSW, no postings). */
    exactScanLimit: number;
    /** 0: no result cache. */
    cacheTtlSeconds: number;
    rerank: {
      provider: 'none' | 'cohere' | 'local';
      /** Unset: the provider's default model. */
      model?: string;
      topN: number;
      timeoutMs: number;
    };
  };
  /** Platform keys and endpoints of hosted providers (each SDK's usual variables). Keys are secrets. */
  abstract readonly providers: {
    openai: { apiKey?: string; baseUrl?: string };
    cohere: { apiKey?: string; baseUrl?: string };
    anthropic: { apiKey?: string; baseUrl?: string };
    groq: { apiKey?: string; baseUrl?: string };
    gemini: { apiKey?: string; baseUrl?: string };
    /** A self-hosted server speaking OpenAI chat completions; usable when `baseUrl` is set. */
    openaiCompatible: { apiKey?: string; baseUrl?: string; model?: string };
  };
  abstract readonly safety: {
    /** Mask PII in free-text log fields (PII_LOG_MASKING). */
    logMasking: boolean;
    /** Token-classification model for PERSON (PII_NER_MODEL); unset: the heuristic. */
    nerModel?: string;
  };
  /** The question-answering agent (libs/agent). */
  abstract readonly agent: {
    /** Sources retrieved per search (AGENT_TOP_K). */
    topK: number;
    /** Rewrite-and-search-again loops when the evidence is insufficient (AGENT_MAX_CORRECTION_LOOPS). */
    maxCorrectionLoops: number;
    /** Turns kept verbatim; older ones go into the rolling summary (AGENT_MEMORY_TURNS). */
    memoryTurns: number;
    sseHeartbeatMs: number;
  };
  abstract readonly mcp: {
    /** Serve DocQA's tools at /mcp (MCP_SERVER_ENABLED). */
    serverEnabled: boolean;
    /** Whether stdio servers (processes on this host) may be configured and started (MCP_ALLOW_STDIO). */
    allowStdio: boolean;
    /** Whether http servers may be on loopback, private or link-local addresses (MCP_ALLOW_PRIVATE_NETWORK). */
    allowPrivateNetwork: boolean;
    connectTimeoutMs: number;
    /** Default per-call timeout of a server without its own. */
    callTimeoutMs: number;
  };
  /** OpenTelemetry tracing (OTEL_*); nothing of it is loaded while `enabled` is false. */
  abstract readonly tracing: {
    enabled: boolean;
    /** OTLP/HTTP root; spans go to `${endpoint}/v1/traces`. */
    endpoint: string;
    /** Secret values (a hosted collector's key): never logged. */
    headers: Record<string, string>;
    /** Unset: `docqa-api` or `docqa-worker`. */
    serviceName?: string;
    /** Share of new traces kept, 0..1. */
    samplerRatio: number;
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
  if (e.RERANK_PROVIDER === 'cohere' && !e.CO_API_KEY) {
    problems.push('CO_API_KEY is required when RERANK_PROVIDER=cohere: set it, or choose another reranker');
  }
  const llmChain = e.LLM_CHAIN?.length ? e.LLM_CHAIN.map((entry) => ({ entry, step: parseLlmChainStep(entry) })) : [];
  for (const { entry, step } of llmChain) {
    if (!step) {
      problems.push(
        `LLM_CHAIN entry ${JSON.stringify(entry)} is not valid: write provider or provider:model, with provider one of ${LLM_PROVIDER_IDS.join(', ')}`,
      );
    } else if (step.provider === 'openai-compatible' && !step.model && !e.OPENAI_COMPATIBLE_MODEL) {
      problems.push(
        'LLM_CHAIN names openai-compatible without a model: write openai-compatible:MODEL or set OPENAI_COMPATIBLE_MODEL',
      );
    }
  }
  const llmPrices = parseLlmPrices(e.LLM_PRICES ?? [], problems);
  const otlpHeaders = parseOtlpHeaders(e.OTEL_EXPORTER_OTLP_HEADERS ?? [], problems);
  if (problems.length) throw new ConfigError(problems);
  const env_ = e.NODE_ENV as AppConfig['env'];
  const config: AppConfig = Object.freeze({
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
    llm: {
      rateLimitPerMinute: e.LLM_RATE_LIMIT_PER_MINUTE,
      chain: llmChain.length ? llmChain.map(({ step }) => step as LlmChainStep) : null,
      retry: { maxRetries: e.LLM_MAX_RETRIES, baseMs: e.LLM_RETRY_BASE_MS, maxWaitMs: e.LLM_RETRY_MAX_WAIT_MS },
      timeouts: {
        connectMs: e.LLM_CONNECT_TIMEOUT_MS,
        firstTokenMs: e.LLM_FIRST_TOKEN_TIMEOUT_MS,
        totalMs: e.LLM_TIMEOUT_MS,
      },
      circuit: { failureThreshold: e.LLM_CIRCUIT_FAILURES, openMs: e.LLM_CIRCUIT_OPEN_MS },
      prices: llmPrices,
      budgetWarnRatio: e.LLM_BUDGET_WARN_PERCENT / 100,
    },
    ingestion: {
      storageDir: join(dataDir, 'files'),
      maxUploadBytes: e.UPLOAD_MAX_BYTES,
      maxFilesPerUpload: e.UPLOAD_MAX_FILES,
      defaultQuota: {
        maxDocuments: e.WORKSPACE_MAX_DOCUMENTS || null,
        maxStorageBytes: e.WORKSPACE_MAX_STORAGE_MB ? e.WORKSPACE_MAX_STORAGE_MB * 1024 * 1024 : null,
      },
      parse: {
        workers: e.PARSE_WORKERS,
        timeoutMs: e.PARSE_TIMEOUT_MS,
        maxHeapMb: e.PARSE_MAX_HEAP_MB,
        recycleAfter: e.PARSE_RECYCLE_AFTER,
        trimAboveMb: e.PARSE_TRIM_ABOVE_MB,
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
    retrieval: {
      hnswEfSearch: e.SEARCH_HNSW_EF_SEARCH,
      bm25: { k1: Number(e.SEARCH_BM25_K1), b: Number(e.SEARCH_BM25_B) },
      rrfK: e.SEARCH_RRF_K,
      candidates: e.SEARCH_CANDIDATES,
      exactScanLimit: e.SEARCH_EXACT_SCAN_LIMIT,
      cacheTtlSeconds: e.SEARCH_CACHE_TTL_SECONDS,
      rerank: {
        provider: e.RERANK_PROVIDER as AppConfig['retrieval']['rerank']['provider'],
        model: e.RERANK_MODEL,
        topN: e.RERANK_TOP_N,
        timeoutMs: e.RERANK_TIMEOUT_MS,
      },
    },
    providers: {
      openai: { apiKey: e.OPENAI_API_KEY, baseUrl: e.OPENAI_BASE_URL },
      cohere: { apiKey: e.CO_API_KEY, baseUrl: e.CO_API_URL },
      anthropic: { apiKey: e.ANTHROPIC_API_KEY, baseUrl: e.ANTHROPIC_BASE_URL },
      groq: { apiKey: e.GROQ_API_KEY, baseUrl: e.GROQ_BASE_URL },
      gemini: { apiKey: e.GEMINI_API_KEY, baseUrl: e.GEMINI_BASE_URL },
      openaiCompatible: {
        apiKey: e.OPENAI_COMPATIBLE_API_KEY,
        baseUrl: e.OPENAI_COMPATIBLE_BASE_URL,
        model: e.OPENAI_COMPATIBLE_MODEL,
      },
    },
    safety: { logMasking: e.PII_LOG_MASKING, nerModel: e.PII_NER_MODEL },
    agent: {
      topK: e.AGENT_TOP_K,
      maxCorrectionLoops: e.AGENT_MAX_CORRECTION_LOOPS,
      memoryTurns: e.AGENT_MEMORY_TURNS,
      sseHeartbeatMs: e.AGENT_SSE_HEARTBEAT_MS,
    },
    mcp: {
      serverEnabled: e.MCP_SERVER_ENABLED,
      allowStdio: e.MCP_ALLOW_STDIO,
      allowPrivateNetwork: e.MCP_ALLOW_PRIVATE_NETWORK,
      connectTimeoutMs: e.MCP_CONNECT_TIMEOUT_MS,
      callTimeoutMs: e.MCP_CALL_TIMEOUT_MS,
    },
    tracing: {
      enabled: e.OTEL_ENABLED,
      endpoint: (e.OTEL_EXPORTER_OTLP_ENDPOINT ?? 'http://localhost:4318').replace(/\/+$/, ''),
      headers: otlpHeaders,
      serviceName: e.OTEL_SERVICE_NAME,
      samplerRatio: Number(e.OTEL_TRACES_SAMPLER_ARG),
    },
    secrets: {
      encryptionKey: e.ENCRYPTION_KEY,
      previousEncryptionKeys: previousEncryptionKeys as Buffer[],
      metricsToken: e.METRICS_TOKEN,
    },
  });
  return rememberEnvironment(config, e, env);
}
