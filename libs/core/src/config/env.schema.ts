/**
 * Every environment variable DocQA reads, in one table. Validation, `.env.example` and the README's
 * configuration table are all checked against this list, so a variable cannot exist in one place only.
 */
export type EnvSpec =
  | { kind: 'string'; default?: string; pattern?: RegExp; hint?: string }
  | { kind: 'int'; default?: number; min?: number; max?: number }
  | { kind: 'bool'; default?: boolean }
  | { kind: 'enum'; values: readonly string[]; default?: string }
  | { kind: 'url'; protocols: readonly string[]; default?: string; hint: string }
  | { kind: 'list'; default?: string }
  | { kind: 'key32'; hint: string };

export interface EnvVar {
  spec: EnvSpec;
  doc: string;
  /** Never logged, never echoed in an error message. */
  secret?: boolean;
}

export const ENV_VARS = {
  NODE_ENV: {
    spec: { kind: 'enum', values: ['development', 'production', 'test'], default: 'development' },
    doc: 'Runtime profile. `production` writes JSON logs and requires ENCRYPTION_KEY.',
  },
  HOST: { spec: { kind: 'string', default: '0.0.0.0' }, doc: 'Interface the HTTP servers bind to.' },
  PORT: { spec: { kind: 'int', default: 3000, min: 0, max: 65535 }, doc: 'HTTP port of the API.' },
  WORKER_PORT: {
    spec: { kind: 'int', default: 3001, min: 0, max: 65535 },
    doc: 'Port of the worker process, which serves only health and metrics.',
  },
  DATA_DIR: {
    spec: { kind: 'string', default: './data' },
    doc: 'Where the embedded database, uploaded files and models live.',
  },
  DATABASE_URL: {
    spec: {
      kind: 'url',
      protocols: ['postgres:', 'postgresql:'],
      hint: 'set it to postgres://USER:PASSWORD@HOST:5432/DATABASE, or unset it to use the embedded database',
    },
    doc: 'PostgreSQL (>= 15, with pgvector) for server mode. Unset: embedded PGlite under DATA_DIR.',
    secret: true,
  },
  DATABASE_POOL_SIZE: {
    spec: { kind: 'int', default: 10, min: 1, max: 200 },
    doc: 'Connections per process in server mode (the embedded database always uses one).',
  },
  DATABASE_SSL: {
    spec: { kind: 'bool', default: false },
    doc: 'Connect to PostgreSQL over TLS (server mode).',
  },
  REDIS_URL: {
    spec: {
      kind: 'url',
      protocols: ['redis:', 'rediss:'],
      hint: 'set it to redis://HOST:6379, or unset it to run jobs and rate limits in-process',
    },
    doc: 'Redis (>= 7) for BullMQ jobs, shared rate limits and caches. Unset: in-process drivers.',
    secret: true,
  },
  REDIS_KEY_PREFIX: {
    spec: {
      kind: 'string',
      default: 'docqa',
      pattern: /^[A-Za-z0-9_.-]{1,64}$/,
      hint: 'use letters, digits, . _ or -',
    },
    doc: 'Prefix of every Redis key (queues, rate limits, caches), so deployments can share one Redis.',
  },
  LOG_LEVEL: {
    spec: { kind: 'enum', values: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], default: 'info' },
    doc: 'Minimum level written to the log.',
  },
  LOG_FORMAT: {
    spec: { kind: 'enum', values: ['auto', 'json', 'pretty'], default: 'auto' },
    doc: '`auto` writes JSON in production and readable lines otherwise.',
  },
  CORS_ORIGINS: {
    spec: { kind: 'list', default: '' },
    doc: 'Comma-separated origins allowed by CORS; empty disables CORS, `*` allows any origin.',
  },
  BODY_LIMIT_BYTES: {
    spec: { kind: 'int', default: 1_048_576, min: 1024 },
    doc: 'Largest JSON request body accepted (413 above it).',
  },
  THROTTLE_TTL_SECONDS: {
    spec: { kind: 'int', default: 60, min: 1 },
    doc: 'Window of the global rate limit.',
  },
  THROTTLE_LIMIT: {
    spec: { kind: 'int', default: 600, min: 1 },
    doc: 'Requests per client IP per window before 429 (stored in Redis when REDIS_URL is set).',
  },
  SHUTDOWN_TIMEOUT_MS: {
    spec: { kind: 'int', default: 10_000, min: 100 },
    doc: 'On SIGTERM, in-flight work gets this long before the process exits anyway.',
  },
  READY_MIN_FREE_DISK_MB: {
    spec: { kind: 'int', default: 512, min: 0 },
    doc: 'Readiness fails when DATA_DIR has less free space than this.',
  },
  READY_CHECK_TIMEOUT_MS: {
    spec: { kind: 'int', default: 2_000, min: 50 },
    doc: 'Time each readiness check may take before it counts as down.',
  },
  JOB_ATTEMPTS: {
    spec: { kind: 'int', default: 3, min: 1, max: 50 },
    doc: 'Attempts per job before it is marked failed (both job drivers).',
  },
  JOB_BACKOFF_MS: {
    spec: { kind: 'int', default: 2_000, min: 0 },
    doc: 'Base delay of the exponential backoff between job attempts.',
  },
  JOB_CONCURRENCY: {
    spec: { kind: 'int', default: 2, min: 1, max: 64 },
    doc: 'Jobs one process runs at once per queue.',
  },
  ENCRYPTION_KEY: {
    spec: {
      kind: 'key32',
      hint: "generate one with: node -e \"console.log(require('crypto').randomBytes(32).toString('base64'))\"",
    },
    doc: '32-byte key (base64 or 64 hex characters) that encrypts stored secrets at rest; required in production.',
    secret: true,
  },
  METRICS_TOKEN: {
    spec: { kind: 'string', pattern: /^.{16,}$/, hint: 'use at least 16 characters' },
    doc: 'When set, GET /metrics requires `Authorization: Bearer <token>`.',
    secret: true,
  },
} as const satisfies Record<string, EnvVar>;

export type EnvName = keyof typeof ENV_VARS;
