/**
 * Every metric DocQA exports, declared in one place so names, labels and buckets stay consistent
 * between the stage that fills a metric and the dashboards that read it.
 */
export const SECONDS_BUCKETS_FAST = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
export const SECONDS_BUCKETS_SLOW = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

interface Def {
  type: 'counter' | 'histogram' | 'gauge';
  help: string;
  labelNames: readonly string[];
  buckets?: number[];
}

export const METRICS = {
  http_requests_total: { type: 'counter', help: 'HTTP requests served', labelNames: ['method', 'route', 'status'] },
  http_request_duration_seconds: {
    type: 'histogram',
    help: 'HTTP request duration',
    labelNames: ['method', 'route', 'status'],
    buckets: SECONDS_BUCKETS_FAST,
  },
  queue_jobs: { type: 'gauge', help: 'Jobs per queue and state', labelNames: ['queue', 'state'] },
  ingestion_documents_total: {
    type: 'counter',
    help: 'Documents ingested, by detected type and outcome',
    labelNames: ['type', 'outcome'],
  },
  ingestion_pages_total: { type: 'counter', help: 'Pages, slides or rows parsed', labelNames: ['type'] },
  ingestion_chunks_total: { type: 'counter', help: 'Chunks indexed', labelNames: ['kind'] },
  ingestion_stage_duration_seconds: {
    type: 'histogram',
    help: 'Time per ingestion stage',
    labelNames: ['stage'],
    buckets: SECONDS_BUCKETS_SLOW,
  },
  embeddings_texts_total: { type: 'counter', help: 'Texts embedded', labelNames: ['provider', 'model', 'cache'] },
  embeddings_batch_duration_seconds: {
    type: 'histogram',
    help: 'Embedding batch duration',
    labelNames: ['provider', 'model', 'outcome'],
    buckets: SECONDS_BUCKETS_SLOW,
  },
  embeddings_cache_errors_total: {
    type: 'counter',
    help: 'Embedding cache reads or writes that failed (embedding went on without the cache)',
    labelNames: ['store'],
  },
  retrieval_duration_seconds: {
    type: 'histogram',
    help: 'Search latency per leg (vector, keyword, fusion, rerank, total)',
    labelNames: ['leg'],
    buckets: SECONDS_BUCKETS_FAST,
  },
  retrieval_results: {
    type: 'histogram',
    help: 'Results returned per search',
    labelNames: ['mode'],
    buckets: [0, 1, 3, 5, 10, 20, 50, 100],
  },
  retrieval_rerank_total: {
    type: 'counter',
    help: 'Reranks by provider and outcome (ok, timeout, error: the fused order was kept)',
    labelNames: ['provider', 'outcome'],
  },
  retrieval_cache_total: { type: 'counter', help: 'Search result cache lookups', labelNames: ['result'] },
  llm_requests_total: { type: 'counter', help: 'LLM calls', labelNames: ['provider', 'model', 'outcome'] },
  llm_request_duration_seconds: {
    type: 'histogram',
    help: 'LLM call duration',
    labelNames: ['provider', 'model'],
    buckets: SECONDS_BUCKETS_SLOW,
  },
  llm_time_to_first_token_seconds: {
    type: 'histogram',
    help: 'LLM time to first streamed token',
    labelNames: ['provider', 'model'],
    buckets: SECONDS_BUCKETS_SLOW,
  },
  llm_tokens_total: { type: 'counter', help: 'LLM tokens', labelNames: ['provider', 'model', 'direction'] },
  llm_cost_usd_total: { type: 'counter', help: 'LLM cost in US dollars', labelNames: ['provider', 'model'] },
  llm_circuit_state: {
    type: 'gauge',
    help: 'LLM circuit per provider and model: 0 closed, 1 half-open, 2 open',
    labelNames: ['provider', 'model'],
  },
  agent_runs_total: { type: 'counter', help: 'Agent runs by outcome', labelNames: ['outcome'] },
  agent_node_duration_seconds: {
    type: 'histogram',
    help: 'Agent node duration',
    labelNames: ['node'],
    buckets: SECONDS_BUCKETS_SLOW,
  },
  agent_corrections_total: { type: 'counter', help: 'Correction loops taken by the agent', labelNames: ['kind'] },
  agent_citations_total: { type: 'counter', help: 'Citations checked by the verifier', labelNames: ['verdict'] },
  safety_pii_entities_total: {
    type: 'counter',
    help: 'PII entities found, by entity type and where they were masked (llm, logs, ingestion) or reported (api)',
    labelNames: ['entity', 'target'],
  },
  safety_injection_hits_total: {
    type: 'counter',
    help: 'Questions and retrieved chunks matching prompt-injection patterns, by source and action taken',
    labelNames: ['source', 'action'],
  },
  evaluation_score: {
    type: 'gauge',
    help: 'Mean score of the last completed evaluation run of each dataset (id), per metric, with how it was judged',
    labelNames: ['dataset', 'metric', 'judge'],
  },
  evaluation_runs_total: {
    type: 'counter',
    help: 'Evaluation runs finished, by outcome (completed, failed) and judge (llm, offline)',
    labelNames: ['outcome', 'judge'],
  },
} as const satisfies Record<string, Def>;

export type MetricName = keyof typeof METRICS;
