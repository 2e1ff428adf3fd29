import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startProcess, type Started } from '../bench-process';
import { saveResults } from '../results';
import { summary, type LatencySummary } from '../llm-router/latency';
import { createScratchDatabase, deleteRedisKeys } from '../server-scratch';
import { startApi, startWorker, type ApiProcess } from './api-process';
import { corpusDocuments, corpusQuestions } from './corpus';
import { timedChat, type ChatTiming } from './sse-timing';

/**
 * bench:agent: time to first token and total latency of `POST /api/v1/chat` (SSE) over HTTP, against the API
 * in its own process, with a generated knowledge base of ten documents:
 *
 *   npm run bench:agent [-- --questions 60] [--warmup 10] [--first-token-ms 200] [--modes embedded,server]
 *
 * - `offline`: the built-in offline answerer (no LLM latency at all).
 * - `fake provider`: the tests' fake OpenAI server (its own process) as the `openai-compatible` provider,
 *   waiting --first-token-ms before each answer's first chunk, as a hosted model does. The agent then calls
 *   it to grade the passages and to answer (and to regenerate when verification removes sentences).
 *
 * The figure held to the target is the agent's share before the first token: the client's time to first
 * token minus the LLM time the server reports before it (`done.timings.llmFirstTokenMs`). Target: under
 * 150 ms at p50. The search result cache is off, so every question is searched.
 */
const TARGET_P50_MS = 150;

const { values } = parseArgs({
  options: {
    questions: { type: 'string', default: '60' },
    warmup: { type: 'string', default: '10' },
    'first-token-ms': { type: 'string', default: '200' },
    modes: { type: 'string' },
  },
});
const QUESTIONS = Number(values.questions);
const WARMUP = Number(values.warmup);
const FIRST_TOKEN_MS = Number(values['first-token-ms']);
const SERVER_DB = process.env.DATABASE_URL || undefined;
const SERVER_REDIS = process.env.REDIS_URL || undefined;
const MODES = (values.modes ?? (SERVER_DB && SERVER_REDIS ? 'embedded,server' : 'embedded')).split(',');

interface Phase {
  mode: string;
  llm: 'offline' | 'fake provider';
  ttftMs: LatencySummary;
  totalMs: LatencySummary;
  llmFirstTokenMs: LatencySummary;
  /** Client TTFT minus the server's LLM time before the first token. */
  agentBeforeFirstTokenMs: LatencySummary;
  /** Share of the time to first token spent outside the LLM, at p50. */
  outsideLlmShareP50: number;
  outcomes: Record<string, number>;
  /** p50 of each node's server-side duration. */
  nodeP50Ms: Record<string, number>;
  pass: boolean;
}

async function register(url: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email: `bench-agent-${randomBytes(4).toString('hex')}@example.test`,
      password: `bench agent ${randomBytes(8).toString('hex')}`,
    }),
  });
  const body = (await res.json()) as { accessToken?: string };
  if (!body.accessToken) throw new Error(`register: ${res.status} ${JSON.stringify(body)}`);
  return body.accessToken;
}

async function upload(url: string, token: string): Promise<void> {
  const ids: string[] = [];
  for (const doc of corpusDocuments()) {
    const form = new FormData();
    form.append('file', new Blob([doc.text], { type: 'text/markdown' }), doc.name);
    const res = await fetch(`${url}/api/v1/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    const body = (await res.json()) as { id?: string };
    if (res.status !== 202 || !body.id) throw new Error(`upload ${doc.name}: ${res.status} ${JSON.stringify(body)}`);
    ids.push(body.id);
  }
  for (const id of ids) {
    for (const deadline = Date.now() + 120_000; ;) {
      const res = await fetch(`${url}/api/v1/documents/${id}`, { headers: { authorization: `Bearer ${token}` } });
      const body = (await res.json()) as { status: string; failureMessage?: string };
      if (body.status === 'ready') break;
      if (body.status === 'failed') throw new Error(`document ${id} failed: ${body.failureMessage}`);
      if (Date.now() > deadline) throw new Error(`document ${id} not ready in time`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

function phaseOf(mode: string, llm: Phase['llm'], timings: ChatTiming[]): Phase {
  const agent = timings.map((t) => Math.max(0, t.ttftMs - t.llmFirstTokenMs));
  const ttft = summary(timings.map((t) => t.ttftMs));
  const agentSummary = summary(agent);
  const outcomes: Record<string, number> = {};
  for (const t of timings) outcomes[t.outcome] = (outcomes[t.outcome] ?? 0) + 1;
  return {
    mode,
    llm,
    ttftMs: ttft,
    totalMs: summary(timings.map((t) => t.totalMs)),
    llmFirstTokenMs: summary(timings.map((t) => t.llmFirstTokenMs)),
    agentBeforeFirstTokenMs: agentSummary,
    outsideLlmShareP50: Math.round((agentSummary.p50 / ttft.p50) * 1000) / 1000,
    outcomes,
    nodeP50Ms: Object.fromEntries(
      [...new Set(timings.flatMap((t) => Object.keys(t.nodes)))].map((node) => [
        node,
        summary(timings.map((t) => t.nodes[node] ?? 0)).p50,
      ]),
    ),
    pass: agentSummary.p50 < TARGET_P50_MS,
  };
}

async function runPhase(mode: string, llm: Phase['llm'], fake: Started | undefined): Promise<Phase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'docqa-bench-agent-'));
  const env: NodeJS.ProcessEnv = {
    NODE_ENV: 'production',
    ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    JWT_SECRET: randomBytes(48).toString('base64'),
    LOG_LEVEL: 'error',
    LOG_FORMAT: 'json',
    DATA_DIR: dataDir,
    EMBEDDING_PROVIDER: 'offline',
    SEARCH_CACHE_TTL_SECONDS: '0',
    LLM_RATE_LIMIT_PER_MINUTE: '1000000',
    THROTTLE_LIMIT: '1000000',
    PRINCIPAL_THROTTLE_LIMIT: '1000000',
    ...(fake
      ? {
          OPENAI_COMPATIBLE_BASE_URL: `${fake.url}/v1`,
          OPENAI_COMPATIBLE_MODEL: 'bench-model',
          LLM_CHAIN: 'openai-compatible',
        }
      : {}),
  };
  let scratch: { url: string; drop: () => Promise<void> } | undefined;
  const prefix = `bench-agent-${randomBytes(3).toString('hex')}`;
  if (mode === 'server') {
    scratch = await createScratchDatabase(SERVER_DB!, 'docqa_bench_agent');
    Object.assign(env, { DATABASE_URL: scratch.url, REDIS_URL: SERVER_REDIS, REDIS_KEY_PREFIX: prefix });
  }
  let api: ApiProcess | undefined;
  let worker: ApiProcess | undefined;
  try {
    api = await startApi(env);
    // In server mode ingestion runs in a worker process, as deployed.
    if (mode === 'server') worker = await startWorker(env);
    const token = await register(api.url);
    await upload(api.url, token);
    const questions = corpusQuestions();
    for (let i = 0; i < WARMUP; i++) await timedChat(api.url, token, questions[i % questions.length]);
    const timings: ChatTiming[] = [];
    for (let i = 0; i < QUESTIONS; i++) timings.push(await timedChat(api.url, token, questions[i % questions.length]));
    return phaseOf(mode, llm, timings);
  } finally {
    await worker?.stop();
    await api?.stop();
    if (scratch) await scratch.drop();
    if (mode === 'server') await deleteRedisKeys(SERVER_REDIS!, prefix);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const f = (x: number) => x.toFixed(1).padStart(8);

function print(p: Phase): void {
  console.log(`\n${p.mode}, ${p.llm}: ${p.ttftMs.n} questions (outcomes ${JSON.stringify(p.outcomes)})`);
  console.log(`  ${''.padEnd(44)} ${'p50'.padStart(8)} ${'p90'.padStart(8)} ${'p99'.padStart(8)}  ms`);
  const row = (name: string, s: LatencySummary) =>
    console.log(`  ${name.padEnd(44)} ${f(s.p50)} ${f(s.p90)} ${f(s.p99)}`);
  row('time to first token (client)', p.ttftMs);
  row('total (client)', p.totalMs);
  row('LLM time before the first token (server)', p.llmFirstTokenMs);
  row('agent before the first token (TTFT - LLM)', p.agentBeforeFirstTokenMs);
  console.log(
    `  p50 per node (server, LLM calls included): ${Object.entries(p.nodeP50Ms)
      .map(([n, ms]) => `${n} ${ms.toFixed(1)}`)
      .join(', ')}`,
  );
  console.log(
    `  outside the LLM before the first token at p50: ${f(p.agentBeforeFirstTokenMs.p50).trim()} ms ` +
      `(${(p.outsideLlmShareP50 * 100).toFixed(1)}% of TTFT; target < ${TARGET_P50_MS} ms) ${p.pass ? 'PASS' : 'FAIL'}`,
  );
}

async function main(): Promise<void> {
  const fake = await startProcess('bench/llm-router/fake-llm.process.js', {
    FAKE_FIRST_CHUNK_MS: String(FIRST_TOKEN_MS),
  });
  const phases: Phase[] = [];
  try {
    for (const mode of MODES) {
      phases.push(await runPhase(mode, 'offline', undefined));
      print(phases.at(-1)!);
      phases.push(await runPhase(mode, 'fake provider', fake));
      print(phases.at(-1)!);
    }
  } finally {
    await fake.stop();
  }
  const file = saveResults('agent', {
    command: 'npm run bench:agent',
    questions: QUESTIONS,
    warmup: WARMUP,
    fakeFirstTokenMs: FIRST_TOKEN_MS,
    target: { agentBeforeFirstTokenP50Ms: TARGET_P50_MS },
    phases,
  });
  console.log(`\n  results: ${file.slice(file.indexOf('bench/'))}`);
  if (phases.some((p) => !p.pass)) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
