import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import OpenAI from 'openai';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { loadConfig } from '@docqa/core';
import { LlmRouter, type ChatRequest, type LlmCallContext } from '@docqa/llm-router';
import { createApiApp } from '../../apps/api/src/api-app';
import { startProcess, type Started } from '../bench-process';
import { saveResults } from '../results';
import { summary, type LatencySummary } from './latency';

/**
 * bench:llm: what the LLM router adds to a call, next to the same call made directly with the vendor's SDK,
 * against the same fake OpenAI server (the tests' fake, in its own process), alternating call by call in one
 * run. The router runs in the real API (embedded mode): chain resolution, budget check, the workspace's rate
 * limit, key resolution, circuit breaker, timeouts, usage rows and metrics all included.
 *
 *   npm run bench:llm [-- --calls 300] [--ttft-calls 40] [--first-token-ms 150]
 *
 * Phase 1 (overhead): the fake answers at once; p50 of a whole call (streamed to its end, as the router
 * always does) through the router vs directly. Target: at most 2 ms added at p50.
 * Phase 2 (time to first token): the fake waits --first-token-ms before its first chunk, as a hosted model
 * does; p50 time to first token through the router vs directly. Target: at most 5% more.
 */
const TARGET_ADDED_P50_MS = 2;
const TARGET_TTFT_RATIO = 1.05;

const { values } = parseArgs({
  options: {
    calls: { type: 'string', default: '300' },
    'ttft-calls': { type: 'string', default: '40' },
    'first-token-ms': { type: 'string', default: '150' },
    warmup: { type: 'string', default: '50' },
  },
});
const CALLS = Number(values.calls);
const TTFT_CALLS = Number(values['ttft-calls']);
const FIRST_TOKEN_MS = Number(values['first-token-ms']);
const WARMUP = Number(values.warmup);

const MODEL = 'bench-model';
const MESSAGES = [
  { role: 'system' as const, content: 'You answer questions about the documents of a small company, briefly.' },
  { role: 'user' as const, content: 'What does the warranty cover, and for how long?' },
];
const REQUEST: ChatRequest = { messages: MESSAGES };

interface Timing {
  totalMs: number;
  ttftMs: number;
}

/** The call the router makes, made directly: a streamed chat completion read to its end. */
async function direct(client: OpenAI): Promise<Timing> {
  const t0 = performance.now();
  let ttft = -1;
  let text = '';
  const stream = (await client.chat.completions.create({
    model: MODEL,
    messages: MESSAGES,
    stream: true,
    stream_options: { include_usage: true },
  })) as AsyncIterable<ChatCompletionChunk>;
  for await (const chunk of stream) {
    const piece = chunk.choices[0]?.delta?.content;
    if (piece) {
      if (ttft < 0) ttft = performance.now() - t0;
      text += piece;
    }
  }
  if (!text) throw new Error('direct call: empty answer');
  return { totalMs: performance.now() - t0, ttftMs: ttft };
}

async function viaRouter(router: LlmRouter, context: LlmCallContext): Promise<Timing> {
  const t0 = performance.now();
  let ttft = -1;
  let done = false;
  for await (const event of router.stream(REQUEST, context)) {
    if (event.type === 'text' && ttft < 0) ttft = performance.now() - t0;
    if (event.type === 'done') done = true;
    if (event.type === 'error') throw new Error(event.error.message);
  }
  if (!done) throw new Error('router call: no result');
  return { totalMs: performance.now() - t0, ttftMs: ttft };
}

async function viaRouterChat(router: LlmRouter, context: LlmCallContext): Promise<Timing> {
  const t0 = performance.now();
  const result = await router.chat(REQUEST, context);
  return { totalMs: performance.now() - t0, ttftMs: result.timeToFirstTokenMs };
}

/** Alternates the contenders call by call, so that whatever else the machine does hits them alike. */
async function alternate(
  calls: number,
  contenders: Record<string, () => Promise<Timing>>,
): Promise<Record<string, Timing[]>> {
  const out: Record<string, Timing[]> = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
  for (let i = 0; i < calls; i++) {
    for (const [name, run] of Object.entries(contenders)) out[name].push(await run());
  }
  return out;
}

async function startFake(firstChunkMs: number): Promise<Started> {
  return startProcess('bench/llm-router/fake-llm.process.js', { FAKE_FIRST_CHUNK_MS: String(firstChunkMs) });
}

function row(name: string, s: LatencySummary): string {
  return `  ${name.padEnd(26)} ${s.p50.toFixed(3).padStart(9)} ${s.p90.toFixed(3).padStart(9)} ${s.p99.toFixed(3).padStart(9)}`;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'docqa-bench-llm-'));
  const fast = await startFake(0);
  const slow = await startFake(FIRST_TOKEN_MS);
  const baseUrl = (s: Started) => `${s.url}/v1`;
  const env = {
    NODE_ENV: 'production',
    ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    JWT_SECRET: randomBytes(48).toString('base64'),
    LOG_LEVEL: 'error',
    DATA_DIR: dataDir,
    EMBEDDING_PROVIDER: 'offline',
    OPENAI_API_KEY: 'sk-bench-platform-key',
    LLM_RATE_LIMIT_PER_MINUTE: '1000000',
  };
  // Two API instances in turn would need two data directories; one app per fake server, one after the other.
  const results: Record<string, unknown> = {};
  try {
    for (const phase of ['overhead', 'ttft'] as const) {
      const fake = phase === 'overhead' ? fast : slow;
      const config = loadConfig({ ...env, OPENAI_BASE_URL: baseUrl(fake), LLM_CHAIN: `openai:${MODEL}` });
      const app = await createApiApp(config);
      await app.listen({ port: 0, host: '127.0.0.1' });
      try {
        const address = app.getHttpServer().address();
        const port = typeof address === 'object' && address ? address.port : 0;
        const registered = await fetch(`http://127.0.0.1:${port}/api/v1/auth/register`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: `bench-${phase}@example.test`, password: 'a long benchmark passphrase' }),
        });
        const user = (await registered.json()) as { user: { id: string; personalWorkspaceId: string } };
        const context: LlmCallContext = { workspaceId: user.user.personalWorkspaceId, userId: user.user.id };
        const router = app.get(LlmRouter);
        const client = new OpenAI({ apiKey: 'sk-bench-platform-key', baseURL: baseUrl(fake), maxRetries: 0 });
        const calls = phase === 'overhead' ? CALLS : TTFT_CALLS;
        const contenders = {
          'direct SDK (stream)': () => direct(client),
          'router.stream': () => viaRouter(router, context),
          'router.chat': () => viaRouterChat(router, context),
        };
        await alternate(phase === 'overhead' ? WARMUP : 3, contenders);
        results[phase] = await alternate(calls, contenders);
        await router.flushUsage();
      } finally {
        await app.close();
      }
    }
  } finally {
    await fast.stop();
    await slow.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }

  const overhead = results.overhead as Record<string, Timing[]>;
  const ttft = results.ttft as Record<string, Timing[]>;
  const totals = (r: Record<string, Timing[]>) =>
    Object.fromEntries(Object.entries(r).map(([k, v]) => [k, summary(v.map((t) => t.totalMs))]));
  const firsts = (r: Record<string, Timing[]>) =>
    Object.fromEntries(Object.entries(r).map(([k, v]) => [k, summary(v.map((t) => t.ttftMs))]));
  const overheadTotals = totals(overhead);
  const overheadTtft = firsts(overhead);
  const ttftFirsts = firsts(ttft);

  const directP50 = overheadTotals['direct SDK (stream)'].p50;
  const addedChat = overheadTotals['router.chat'].p50 - directP50;
  const addedStream = overheadTotals['router.stream'].p50 - directP50;
  const ttftRatio = ttftFirsts['router.stream'].p50 / ttftFirsts['direct SDK (stream)'].p50;
  const ttftAdded = ttftFirsts['router.stream'].p50 - ttftFirsts['direct SDK (stream)'].p50;

  console.log(
    `\nLLM router overhead: ${CALLS} calls each, alternating, against a fake OpenAI server answering at once`,
  );
  console.log(
    `  ${''.padEnd(26)} ${'p50 ms'.padStart(9)} ${'p90 ms'.padStart(9)} ${'p99 ms'.padStart(9)}   (whole call)`,
  );
  for (const [name, s] of Object.entries(overheadTotals)) console.log(row(name, s));
  console.log(`  time to first token, same calls:`);
  for (const [name, s] of Object.entries(overheadTtft)) console.log(row(name, s));
  const pass = (ok: boolean) => (ok ? 'PASS' : 'MISS');
  console.log(
    `  added at p50: router.chat ${addedChat.toFixed(3)} ms, router.stream ${addedStream.toFixed(3)} ms ` +
      `(target <= ${TARGET_ADDED_P50_MS} ms) ${pass(Math.max(addedChat, addedStream) <= TARGET_ADDED_P50_MS)}`,
  );
  console.log(`\nTime to first token: ${TTFT_CALLS} calls each, the fake's first chunk after ${FIRST_TOKEN_MS} ms`);
  console.log(`  ${''.padEnd(26)} ${'p50 ms'.padStart(9)} ${'p90 ms'.padStart(9)} ${'p99 ms'.padStart(9)}`);
  for (const [name, s] of Object.entries(ttftFirsts)) console.log(row(name, s));
  console.log(
    `  router / direct at p50: ${(ttftRatio * 100).toFixed(2)}% (+${ttftAdded.toFixed(3)} ms; target <= ${TARGET_TTFT_RATIO * 100}%) ${pass(ttftRatio <= TARGET_TTFT_RATIO)}`,
  );
  const file = saveResults('llm-router', {
    command: 'npm run bench:llm',
    mode: 'embedded',
    calls: CALLS,
    ttftCalls: TTFT_CALLS,
    fakeFirstTokenMs: FIRST_TOKEN_MS,
    overhead: { totalMs: overheadTotals, ttftMs: overheadTtft },
    ttft: { ttftMs: ttftFirsts },
    addedP50Ms: { chat: addedChat, stream: addedStream },
    ttftRatioP50: ttftRatio,
    target: { addedP50Ms: TARGET_ADDED_P50_MS, ttftRatio: TARGET_TTFT_RATIO },
    pass: {
      addedP50: Math.max(addedChat, addedStream) <= TARGET_ADDED_P50_MS,
      ttftRatio: ttftRatio <= TARGET_TTFT_RATIO,
    },
  });
  console.log(`  results: ${file.slice(file.indexOf('bench/'))}`);
  if (Math.max(addedChat, addedStream) > TARGET_ADDED_P50_MS || ttftRatio > TARGET_TTFT_RATIO) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
