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
    doc: 'Runtime profile. `production` writes JSON logs and requires ENCRYPTION_KEY and JWT_SECRET.',
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
  PRINCIPAL_THROTTLE_LIMIT: {
    spec: { kind: 'int', default: 1200, min: 1 },
    doc: 'Requests per user or API key per window before 429, counted after authentication.',
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
  JOB_LOCK_MS: {
    spec: { kind: 'int', default: 30_000, min: 1000 },
    doc: 'How long a running job stays claimed without a heartbeat: after a process dies, its jobs run again elsewhere within about this long plus a third of it.',
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
    doc: '32-byte key (base64 or 64 hex characters) that encrypts stored secrets at rest; required in production. Unset elsewhere: one is generated once in DATA_DIR/secrets/encryption.key.',
    secret: true,
  },
  ENCRYPTION_KEY_PREVIOUS: {
    spec: { kind: 'list' },
    doc: 'Comma-separated keys ENCRYPTION_KEY replaced (same formats): stored secrets sealed with them stay readable until `npm run vault:reencrypt` re-seals them.',
    secret: true,
  },
  METRICS_TOKEN: {
    spec: { kind: 'string', pattern: /^.{16,}$/, hint: 'use at least 16 characters' },
    doc: 'When set, GET /metrics requires `Authorization: Bearer <token>`.',
    secret: true,
  },
  JWT_SECRET: {
    spec: {
      kind: 'string',
      pattern: /^.{32,}$/,
      hint: "use at least 32 random characters: node -e \"console.log(require('crypto').randomBytes(48).toString('base64'))\"",
    },
    doc: 'Signs access tokens (HS256); required in production. Unset elsewhere: one is generated once in DATA_DIR/secrets/jwt.key.',
    secret: true,
  },
  ACCESS_TOKEN_TTL_SECONDS: {
    spec: { kind: 'int', default: 900, min: 30, max: 86_400 },
    doc: 'Lifetime of an access token (a JWT naming its session, so logout ends it at once).',
  },
  REFRESH_TOKEN_TTL_DAYS: {
    spec: { kind: 'int', default: 7, min: 1, max: 365 },
    doc: 'Lifetime of a refresh token; each use rotates it, a reused one revokes its whole session.',
  },
  REGISTRATION: {
    spec: { kind: 'enum', values: ['open', 'invite', 'closed'], default: 'open' },
    doc: 'Who may register: `open` anyone, `invite` only with an invitation token, `closed` nobody. The first account (the platform admin) can always register.',
  },
  ARGON2_MEMORY_KIB: {
    spec: { kind: 'int', default: 19_456, min: 1_024, max: 4_194_304 },
    doc: 'Memory cost of argon2id password hashing in KiB (OWASP: 19456, 2 passes). Lower only for tests.',
  },
  AUTH_THROTTLE_TTL_SECONDS: {
    spec: { kind: 'int', default: 60, min: 1 },
    doc: 'Window of the strict rate limit on login and register.',
  },
  AUTH_THROTTLE_LIMIT: {
    spec: { kind: 'int', default: 10, min: 1 },
    doc: 'Login or register requests per client IP per window before 429.',
  },
  LOGIN_BACKOFF_THRESHOLD: {
    spec: { kind: 'int', default: 5, min: 1 },
    doc: 'Failed logins to one account before it is locked (even the right password gets 429 until the lock ends).',
  },
  LOGIN_BACKOFF_IP_THRESHOLD: {
    spec: { kind: 'int', default: 20, min: 1 },
    doc: 'Failed logins from one client IP, over all accounts, before that IP is locked.',
  },
  LOGIN_BACKOFF_BASE_SECONDS: {
    spec: { kind: 'int', default: 30, min: 1 },
    doc: 'First lock after the threshold; each further failure doubles it.',
  },
  LOGIN_BACKOFF_MAX_SECONDS: {
    spec: { kind: 'int', default: 900, min: 1 },
    doc: 'Longest lock; failures are forgotten once this long has passed after the last lock ended.',
  },
  LLM_RATE_LIMIT_PER_MINUTE: {
    spec: { kind: 'int', default: 60, min: 1 },
    doc: 'LLM calls one workspace may start per minute (sliding window, shared through Redis when set); platform admins can set a per-workspace limit.',
  },
  UPLOAD_MAX_BYTES: {
    spec: { kind: 'int', default: 104_857_600, min: 1024 },
    doc: 'Largest uploaded file (413 above it); the upload is streamed to storage and cut off at this size.',
  },
  UPLOAD_MAX_FILES: {
    spec: { kind: 'int', default: 20, min: 1, max: 1000 },
    doc: 'Files accepted in one upload request.',
  },
  WORKSPACE_MAX_DOCUMENTS: {
    spec: { kind: 'int', default: 0, min: 0 },
    doc: 'Documents one workspace may hold unless a platform admin gives it its own quota; 0: no limit. An upload past it gets 403.',
  },
  WORKSPACE_MAX_STORAGE_MB: {
    spec: { kind: 'int', default: 0, min: 0 },
    doc: 'Megabytes of uploaded files one workspace may hold unless a platform admin gives it its own quota; 0: no limit. An upload past it gets 403.',
  },
  PARSE_WORKERS: {
    spec: { kind: 'int', default: 2, min: 1, max: 64 },
    doc: 'Parser processes (children of each process that runs ingestion jobs), so a hostile file can only take its own parser down.',
  },
  PARSE_TIMEOUT_MS: {
    spec: { kind: 'int', default: 120_000, min: 1000 },
    doc: 'Time one document may spend being parsed before its parser process is killed and the document fails as timed out.',
  },
  PARSE_MAX_HEAP_MB: {
    spec: { kind: 'int', default: 512, min: 32 },
    doc: 'JavaScript heap limit of each parser process; a document that needs more, or whose parser passes 2 x this + 256 MB of resident memory, fails as too large.',
  },
  PARSE_RECYCLE_AFTER: {
    spec: { kind: 'int', default: 100, min: 1 },
    doc: 'A parser process is replaced after this many documents, so memory a parser leaks is given back.',
  },
  PARSE_TRIM_ABOVE_MB: {
    spec: { kind: 'int', default: 160, min: 32 },
    doc: 'A parser process whose resident memory is above this after a document compacts its heap, giving back what the document grew it by (and is replaced if that does not bring it below).',
  },
  PARSE_MAX_INFLATED_MB: {
    spec: { kind: 'int', default: 512, min: 1 },
    doc: 'Largest total uncompressed size of a DOCX, PPTX or XLSX (zip) archive; larger ones fail as too large before parsing.',
  },
  PARSE_MAX_ZIP_ENTRIES: {
    spec: { kind: 'int', default: 10_000, min: 1 },
    doc: 'Most entries a DOCX, PPTX or XLSX archive may hold.',
  },
  PARSE_MAX_COMPRESSION_RATIO: {
    spec: { kind: 'int', default: 200, min: 2 },
    doc: 'Highest uncompressed-to-compressed size ratio of a zip entry; above it the file is treated as a zip bomb.',
  },
  OCR_ENABLED: {
    spec: { kind: 'bool', default: false },
    doc: "OCR PDF pages that have no text layer with Debian's `tesseract-ocr` and `poppler-utils` (must be installed); off or missing, such pages are flagged instead.",
  },
  OCR_LANGUAGES: {
    spec: {
      kind: 'string',
      default: 'eng',
      pattern: /^[a-z_]{3,}(\+[a-z_]{3,})*$/,
      hint: 'use tesseract language codes joined by +, e.g. eng+deu',
    },
    doc: 'Tesseract languages for OCR, joined by `+`.',
  },
  CHUNK_PARENT_TOKENS: {
    spec: { kind: 'int', default: 1500, min: 100 },
    doc: 'Target size of a parent chunk (a section or page), in tokens.',
  },
  CHUNK_CHILD_TOKENS: {
    spec: { kind: 'int', default: 300, min: 20 },
    doc: 'Target size of a child chunk (the unit that is embedded and searched), in tokens.',
  },
  CHUNK_CHILD_OVERLAP_TOKENS: {
    spec: { kind: 'int', default: 50, min: 0 },
    doc: 'Tokens a child chunk repeats from the end of the one before it.',
  },
  EMBEDDING_PROVIDER: {
    spec: { kind: 'enum', values: ['local', 'offline', 'openai', 'cohere'], default: 'local' },
    doc: '`local`: a transformers.js model from MODELS_DIR (the built-in offline embedder, with a warning, when it cannot be loaded); `offline`: the built-in embedder, no files needed; `openai`, `cohere`: hosted, with OPENAI_API_KEY or CO_API_KEY. New collections are indexed with it.',
  },
  EMBEDDING_MODEL: {
    spec: { kind: 'string' },
    doc: 'Model of EMBEDDING_PROVIDER. Defaults: `Xenova/all-MiniLM-L6-v2` (local), `text-embedding-3-small` (openai), `embed-english-v3.0` (cohere).',
  },
  EMBEDDING_BATCH_SIZE: {
    spec: { kind: 'int', default: 32, min: 1, max: 2048 },
    doc: 'Texts embedded per call to the model or provider.',
  },
  EMBEDDING_CACHE_TTL_SECONDS: {
    spec: { kind: 'int', default: 604_800, min: 0 },
    doc: 'How long an embedding stays cached by content hash (in Redis when REDIS_URL is set, else in memory); 0 disables the cache.',
  },
  MODELS_DIR: {
    spec: { kind: 'string' },
    doc: 'Where local transformers.js models are read from, one folder per model id. Unset: DATA_DIR/models.',
  },
  MODEL_DOWNLOADS: {
    spec: { kind: 'bool', default: false },
    doc: 'Let the local embedder download a missing model from the Hugging Face hub into MODELS_DIR. Off: only models already there are used.',
  },
  // Search (libs/retrieval).
  SEARCH_HNSW_EF_SEARCH: {
    spec: { kind: 'int', default: 40, min: 1, max: 1000 },
    doc: "pgvector's hnsw.ef_search for vector search: candidates the HNSW index keeps while searching (at least the results asked for); higher finds more true neighbours, slower.",
  },
  SEARCH_BM25_K1: {
    spec: {
      kind: 'string',
      default: '0.9',
      pattern: /^(?:[0-2](?:\.\d{1,4})?|3(?:\.0{1,4})?)$/,
      hint: 'use a number from 0 to 3, e.g. 0.9',
    },
    doc: 'BM25 k1 of keyword search: how fast repeated words stop adding to the score (0 to 3).',
  },
  SEARCH_BM25_B: {
    spec: {
      kind: 'string',
      default: '0.4',
      pattern: /^(?:0(?:\.\d{1,4})?|1(?:\.0{1,4})?)$/,
      hint: 'use a number from 0 to 1, e.g. 0.4',
    },
    doc: 'BM25 b of keyword search: how much longer chunks are penalised (0: not at all, 1: fully).',
  },
  SEARCH_RRF_K: {
    spec: { kind: 'int', default: 60, min: 1, max: 10_000 },
    doc: 'k of reciprocal rank fusion in hybrid search: larger values flatten the advantage of top ranks.',
  },
  SEARCH_CANDIDATES: {
    spec: { kind: 'int', default: 50, min: 1, max: 500 },
    doc: 'Results each leg of a hybrid search (vector, keyword) hands to fusion, and the pool MMR picks from.',
  },
  SEARCH_EXACT_SCAN_LIMIT: {
    spec: { kind: 'int', default: 3000, min: 0 },
    doc: 'A search whose scope (after collection, document and metadata filters) holds at most this many chunks scores them all instead of walking the indexes: exact, and cheaper at that size. 0: always the indexes.',
  },
  SEARCH_CACHE_TTL_SECONDS: {
    spec: { kind: 'int', default: 300, min: 0 },
    doc: 'How long search results stay cached (in Redis when REDIS_URL is set, else in memory); any change to the searched collections invalidates them at once. 0 disables the cache.',
  },
  RERANK_PROVIDER: {
    spec: { kind: 'enum', values: ['none', 'cohere', 'local'], default: 'none' },
    doc: '`cohere`: Cohere rerank with CO_API_KEY; `local`: a transformers.js cross-encoder from MODELS_DIR (none while it is absent); `none`: the fused order is final.',
  },
  RERANK_MODEL: {
    spec: { kind: 'string' },
    doc: 'Model of RERANK_PROVIDER. Defaults: `rerank-v3.5` (cohere), `Xenova/ms-marco-MiniLM-L-6-v2` (local).',
  },
  RERANK_TOP_N: {
    spec: { kind: 'int', default: 30, min: 1, max: 200 },
    doc: 'Fused results the reranker reorders; results below them keep their fused order after them.',
  },
  RERANK_TIMEOUT_MS: {
    spec: { kind: 'int', default: 2_000, min: 10 },
    doc: 'Longest a rerank may take; past it (or when the reranker fails) search returns the fused order.',
  },
  OPENAI_API_KEY: {
    spec: { kind: 'string' },
    doc: 'Platform OpenAI key, for hosted embeddings and the LLM router.',
    secret: true,
  },
  OPENAI_BASE_URL: {
    spec: {
      kind: 'url',
      protocols: ['http:', 'https:'],
      hint: 'set it to the API root, e.g. https://api.openai.com/v1',
    },
    doc: 'OpenAI API root (or any OpenAI-compatible server). Unset: the SDK default.',
  },
  CO_API_KEY: {
    spec: { kind: 'string' },
    doc: 'Platform Cohere key, for hosted embeddings, reranking and the LLM router.',
    secret: true,
  },
  CO_API_URL: {
    spec: { kind: 'url', protocols: ['http:', 'https:'], hint: 'set it to the API root, e.g. https://api.cohere.com' },
    doc: 'Cohere API root. Unset: the SDK default.',
  },
  // LLM router: platform keys and endpoints of the chat providers (OpenAI and Cohere reuse the variables above).
  ANTHROPIC_API_KEY: {
    spec: { kind: 'string' },
    doc: 'Platform Anthropic key, for the LLM router.',
    secret: true,
  },
  ANTHROPIC_BASE_URL: {
    spec: {
      kind: 'url',
      protocols: ['http:', 'https:'],
      hint: 'set it to the API root, e.g. https://api.anthropic.com',
    },
    doc: 'Anthropic API root. Unset: the SDK default.',
  },
  GROQ_API_KEY: {
    spec: { kind: 'string' },
    doc: 'Platform Groq key, for the LLM router.',
    secret: true,
  },
  GROQ_BASE_URL: {
    spec: { kind: 'url', protocols: ['http:', 'https:'], hint: 'set it to the API root, e.g. https://api.groq.com' },
    doc: 'Groq API root. Unset: the SDK default.',
  },
  GEMINI_API_KEY: {
    spec: { kind: 'string' },
    doc: "Platform Google Gemini key, for the LLM router (which calls Gemini's OpenAI-compatible endpoint).",
    secret: true,
  },
  GEMINI_BASE_URL: {
    spec: {
      kind: 'url',
      protocols: ['http:', 'https:'],
      hint: 'set it to the OpenAI-compatible root, e.g. https://generativelanguage.googleapis.com/v1beta/openai',
    },
    doc: "Root of Gemini's OpenAI-compatible API. Unset: https://generativelanguage.googleapis.com/v1beta/openai.",
  },
  OPENAI_COMPATIBLE_BASE_URL: {
    spec: {
      kind: 'url',
      protocols: ['http:', 'https:'],
      hint: 'set it to the API root of the server, e.g. http://localhost:11434/v1 for Ollama',
    },
    doc: 'A server speaking OpenAI chat completions (Ollama, vLLM, LM Studio, llama.cpp server...), e.g. http://localhost:11434/v1: the `openai-compatible` provider of the LLM router.',
  },
  OPENAI_COMPATIBLE_API_KEY: {
    spec: { kind: 'string' },
    doc: 'Key sent to OPENAI_COMPATIBLE_BASE_URL, when that server wants one.',
    secret: true,
  },
  OPENAI_COMPATIBLE_MODEL: {
    spec: { kind: 'string' },
    doc: 'Model the `openai-compatible` provider asks for (e.g. `llama3.1`) unless a chain entry names one.',
  },
  LLM_CHAIN: {
    spec: { kind: 'list' },
    doc: 'Fallback chain of the LLM router, tried in order: `provider` or `provider:model`, comma-separated. Unset: every provider with a platform key (groq, openai, anthropic, cohere, gemini, openai-compatible), then `offline`.',
  },
  LLM_MAX_RETRIES: {
    spec: { kind: 'int', default: 2, min: 0, max: 10 },
    doc: 'Retries of one provider after a retryable failure (429, 5xx, timeout, connection reset) before the router fails over to the next one.',
  },
  LLM_RETRY_BASE_MS: {
    spec: { kind: 'int', default: 250, min: 1 },
    doc: "Base of the jittered exponential backoff between retries; a provider's Retry-After is waited instead.",
  },
  LLM_RETRY_MAX_WAIT_MS: {
    spec: { kind: 'int', default: 20_000, min: 0 },
    doc: 'Longest wait before a retry; a provider that asks (Retry-After) for longer is failed over at once.',
  },
  LLM_CONNECT_TIMEOUT_MS: {
    spec: { kind: 'int', default: 10_000, min: 10 },
    doc: 'Time a provider has to answer a call (its response headers) before the attempt counts as timed out.',
  },
  LLM_FIRST_TOKEN_TIMEOUT_MS: {
    spec: { kind: 'int', default: 30_000, min: 10 },
    doc: 'Time from the start of an attempt to its first streamed token before it counts as timed out.',
  },
  LLM_TIMEOUT_MS: {
    spec: { kind: 'int', default: 300_000, min: 100 },
    doc: 'Longest one attempt may take, streaming included.',
  },
  LLM_CIRCUIT_FAILURES: {
    spec: { kind: 'int', default: 5, min: 1 },
    doc: 'Consecutive failures of one provider and model that open its circuit: calls skip it until it recovers.',
  },
  LLM_CIRCUIT_OPEN_MS: {
    spec: { kind: 'int', default: 30_000, min: 10 },
    doc: 'How long an open circuit stays open before one trial call (half-open) may close it again.',
  },
  LLM_PRICES: {
    spec: { kind: 'list' },
    doc: 'US dollars per million tokens, `model=input/output` or `provider:model=input/output`, comma-separated; they replace or extend the built-in price table.',
  },
  LLM_BUDGET_WARN_PERCENT: {
    spec: { kind: 'int', default: 80, min: 1, max: 100 },
    doc: "Share of a workspace's monthly LLM budget (set by platform admins) past which calls carry a warning; at 100% calls are refused.",
  },
  // Safety: PII masking and prompt-injection checks.
  PII_LOG_MASKING: {
    spec: { kind: 'bool', default: true },
    doc: "Mask personal data in the free-text fields of log lines (question, query, prompt, answer, text...) and in request URLs' query strings, as typed placeholders; a line naming its workspaceId follows that workspace's safety policy.",
  },
  PII_NER_MODEL: {
    spec: { kind: 'string' },
    doc: 'A transformers.js token-classification model in MODELS_DIR (e.g. `Xenova/bert-base-NER`) that finds person names for PII masking. Unset, or until it has loaded: a lower-confidence heuristic.',
  },
  // Agent: the question-answering graph behind POST /chat.
  AGENT_TOP_K: {
    spec: { kind: 'int', default: 6, min: 1, max: 50 },
    doc: 'Passages the agent retrieves and hands to the answering model as numbered sources, per search.',
  },
  AGENT_MAX_CORRECTION_LOOPS: {
    spec: { kind: 'int', default: 1, min: 0, max: 5 },
    doc: 'Times the agent rewrites the query and searches again when the passages found do not answer the question, before it answers that the documents do not contain it.',
  },
  AGENT_MEMORY_TURNS: {
    spec: { kind: 'int', default: 6, min: 0, max: 50 },
    doc: 'Question-and-answer turns of a conversation the agent keeps word for word; older turns are folded into its rolling summary.',
  },
  AGENT_SSE_HEARTBEAT_MS: {
    spec: { kind: 'int', default: 15_000, min: 50, max: 300_000 },
    doc: 'Interval of the comment lines that keep a streamed chat answer (SSE) open while nothing else is sent.',
  },
  // MCP: external tool servers for the agent, and DocQA's own MCP endpoint.
  MCP_SERVER_ENABLED: {
    spec: { kind: 'bool', default: true },
    doc: "Serve DocQA's `search` and `ask` tools over MCP (streamable HTTP) at /mcp, to API keys.",
  },
  MCP_ALLOW_STDIO: {
    spec: { kind: 'bool', default: false },
    doc: 'Allow stdio MCP servers: commands DocQA starts as processes on its own host. Only platform admins may configure them, and only when this is true.',
  },
  MCP_ALLOW_PRIVATE_NETWORK: {
    spec: { kind: 'bool', default: false },
    doc: "Allow http MCP servers on loopback, private or link-local addresses (checked on every connection, against the addresses it connects to). Off, DocQA refuses them, so a workspace owner cannot make it reach the host's internal network.",
  },
  MCP_CONNECT_TIMEOUT_MS: {
    spec: { kind: 'int', default: 10_000, min: 100, max: 300_000 },
    doc: 'Time an external MCP server has to start (stdio) or answer (http) and list its tools.',
  },
  MCP_CALL_TIMEOUT_MS: {
    spec: { kind: 'int', default: 30_000, min: 100, max: 600_000 },
    doc: "Longest one MCP tool call may take, unless the server's own `timeoutMs` says otherwise.",
  },
  // Tracing: OpenTelemetry, under the standard variable names.
  OTEL_ENABLED: {
    spec: { kind: 'bool', default: false },
    doc: 'Send OpenTelemetry traces (HTTP requests, PostgreSQL queries, Redis commands) over OTLP/HTTP. Off: no tracing code is loaded.',
  },
  OTEL_EXPORTER_OTLP_ENDPOINT: {
    spec: {
      kind: 'url',
      protocols: ['http:', 'https:'],
      hint: 'set it to the OTLP/HTTP root of your collector, e.g. http://otel-collector:4318',
    },
    doc: 'OTLP/HTTP root of the trace collector (OpenTelemetry Collector, Jaeger, Tempo...); spans are posted to its /v1/traces as JSON. Unset: http://localhost:4318.',
  },
  OTEL_EXPORTER_OTLP_HEADERS: {
    spec: { kind: 'list' },
    doc: 'Headers sent with every export, `key=value` pairs separated by commas (values URL-encoded), e.g. an API key of a hosted collector. Secret: never logged.',
    secret: true,
  },
  OTEL_SERVICE_NAME: {
    spec: { kind: 'string', pattern: /^[\x21-\x7e]{1,100}$/, hint: 'use up to 100 printable characters, no spaces' },
    doc: 'Service name on the spans. Unset: `docqa-api` or `docqa-worker`, after the process.',
  },
  OTEL_TRACES_SAMPLER_ARG: {
    spec: {
      kind: 'string',
      default: '1',
      pattern: /^(0(\.\d+)?|1(\.0+)?)$/,
      hint: 'use a ratio from 0 to 1, e.g. 0.1',
    },
    doc: 'Share of traces kept (0 to 1), decided where a trace starts; a request whose caller sent a sampled `traceparent` is always traced.',
  },
} as const satisfies Record<string, EnvVar>;

export type EnvName = keyof typeof ENV_VARS;
