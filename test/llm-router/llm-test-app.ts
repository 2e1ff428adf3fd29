import type { ChatStreamEvent } from '@docqa/llm-router';
import { LlmRouter } from '@docqa/llm-router';
import { FAST_AUTH_ENV } from '../support/accounts';
import {
  FakeAnthropicServer,
  FakeCohereChatServer,
  FakeOpenAiChatServer,
  type AnyFakeLlmServer,
} from '../support/fake-llm-servers';
import { readJson, startApi, type RunningApp } from '../support/http-app';
import { databaseFor, SERVER_REDIS_URL, testConfig, uniqueName, type DatabaseMode } from '../support/test-env';

/** Platform keys the fakes accept: any other key gets the vendor's 401. */
export const PLATFORM_KEYS = {
  groq: 'gsk-platform-groq-key-000000',
  openai: 'sk-platform-openai-key-000000',
  anthropic: 'sk-ant-platform-key-000000',
  cohere: 'co-platform-cohere-key-000000',
  gemini: 'AIza-platform-gemini-key-00000',
} as const;

export interface Fakes {
  groq: AnyFakeLlmServer;
  openai: AnyFakeLlmServer;
  anthropic: AnyFakeLlmServer;
  cohere: AnyFakeLlmServer;
  /** Gemini's OpenAI-compatible endpoint. */
  gemini: AnyFakeLlmServer;
  /** A self-hosted OpenAI-compatible server, keyless, that reports no usage (as some do). */
  compatible: AnyFakeLlmServer;
  all(): AnyFakeLlmServer[];
  reset(): void;
  close(): Promise<void>;
}

export async function startFakes(): Promise<Fakes> {
  const servers = {
    groq: await new FakeOpenAiChatServer('groq', { apiKey: PLATFORM_KEYS.groq }).start(),
    openai: await new FakeOpenAiChatServer('openai', { apiKey: PLATFORM_KEYS.openai }).start(),
    anthropic: await new FakeAnthropicServer({ apiKey: PLATFORM_KEYS.anthropic }).start(),
    cohere: await new FakeCohereChatServer({ apiKey: PLATFORM_KEYS.cohere }).start(),
    gemini: await new FakeOpenAiChatServer('openai', { apiKey: PLATFORM_KEYS.gemini }).start(),
    compatible: await new FakeOpenAiChatServer('openai', { reportUsage: false }).start(),
  };
  const all = () => Object.values(servers);
  return {
    ...servers,
    all,
    reset: () => all().forEach((s) => s.reset()),
    close: async () => {
      await Promise.all(all().map((s) => s.close()));
    },
  };
}

/** Every provider configured with a platform key (or endpoint) at its fake. */
export function providerEnv(fakes: Fakes): Record<string, string> {
  return {
    GROQ_API_KEY: PLATFORM_KEYS.groq,
    GROQ_BASE_URL: fakes.groq.baseUrl,
    OPENAI_API_KEY: PLATFORM_KEYS.openai,
    OPENAI_BASE_URL: fakes.openai.baseUrl,
    ANTHROPIC_API_KEY: PLATFORM_KEYS.anthropic,
    ANTHROPIC_BASE_URL: fakes.anthropic.baseUrl,
    CO_API_KEY: PLATFORM_KEYS.cohere,
    CO_API_URL: fakes.cohere.baseUrl,
    GEMINI_API_KEY: PLATFORM_KEYS.gemini,
    GEMINI_BASE_URL: fakes.gemini.baseUrl,
    OPENAI_COMPATIBLE_BASE_URL: fakes.compatible.baseUrl,
    OPENAI_COMPATIBLE_MODEL: 'llama3.1:8b',
    // The embedder must not reach for the OpenAI key just because it is set.
    EMBEDDING_PROVIDER: 'offline',
  };
}

/** Short timeouts and backoff, so that failures are quick to provoke. */
export const FAST_LLM_ENV: Record<string, string> = {
  LLM_CONNECT_TIMEOUT_MS: '400',
  LLM_FIRST_TOKEN_TIMEOUT_MS: '700',
  LLM_TIMEOUT_MS: '5000',
  LLM_MAX_RETRIES: '2',
  LLM_RETRY_BASE_MS: '5',
  LLM_RETRY_MAX_WAIT_MS: '1500',
  LLM_CIRCUIT_FAILURES: '3',
  LLM_CIRCUIT_OPEN_MS: '800',
};

export interface LlmTestApp {
  app: RunningApp;
  router: LlmRouter;
  close(): Promise<void>;
}

/** The real API in a database mode (with Redis too in server mode, when configured). */
export async function startLlmApp(mode: DatabaseMode, env: Record<string, string>): Promise<LlmTestApp> {
  const db = await databaseFor(mode);
  const redis =
    mode === 'server' && SERVER_REDIS_URL ? { REDIS_URL: SERVER_REDIS_URL, REDIS_KEY_PREFIX: uniqueName('llm') } : {};
  const app = await startApi(testConfig({ ...db.env, ...redis, ...FAST_AUTH_ENV, ...env }));
  return {
    app,
    router: app.app.get(LlmRouter),
    close: async () => {
      await app.close();
      await db.cleanup();
    },
  };
}

export async function collect(events: AsyncIterable<ChatStreamEvent>): Promise<ChatStreamEvent[]> {
  const out: ChatStreamEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

export function textOf(events: ChatStreamEvent[]): string {
  return events.map((e) => (e.type === 'text' ? e.delta : '')).join('');
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function getJson(url: string, headers: Record<string, string>): Promise<{ status: number; body: any }> {
  const res = await fetch(url, { headers });
  return { status: res.status, body: await readJson(res) };
}
