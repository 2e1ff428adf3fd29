import type { LlmPrice } from '@docqa/core';

const p = (inputPerMTok: number, outputPerMTok: number): LlmPrice => ({ inputPerMTok, outputPerMTok });

/**
 * Built-in list prices in US dollars per million tokens, keyed `provider:model`, as the vendors published
 * them when this table was written. Prices change: LLM_PRICES replaces or extends any entry without a
 * release. A dated model (`gpt-4o-mini-2024-07-18`) takes the price of the longest entry it starts with.
 * `openai-compatible` servers have no entry: they are priced only when LLM_PRICES names them.
 */
export const MODEL_PRICES: Readonly<Record<string, LlmPrice>> = {
  'openai:gpt-4o-mini': p(0.15, 0.6),
  'openai:gpt-4o': p(2.5, 10),
  'openai:gpt-4.1': p(2, 8),
  'openai:gpt-4.1-mini': p(0.4, 1.6),
  'openai:gpt-4.1-nano': p(0.1, 0.4),
  'openai:gpt-5': p(1.25, 10),
  'openai:gpt-5-mini': p(0.25, 2),
  'openai:gpt-5-nano': p(0.05, 0.4),
  'openai:o4-mini': p(1.1, 4.4),
  'groq:llama-3.3-70b-versatile': p(0.59, 0.79),
  'groq:llama-3.1-8b-instant': p(0.05, 0.08),
  'groq:openai/gpt-oss-120b': p(0.15, 0.75),
  'groq:openai/gpt-oss-20b': p(0.1, 0.5),
  'anthropic:claude-opus-4-1': p(15, 75),
  'anthropic:claude-sonnet-4-5': p(3, 15),
  'anthropic:claude-sonnet-4': p(3, 15),
  'anthropic:claude-haiku-4-5': p(1, 5),
  'anthropic:claude-3-5-haiku': p(0.8, 4),
  'cohere:command-a-03-2025': p(2.5, 10),
  'cohere:command-r-plus-08-2024': p(2.5, 10),
  'cohere:command-r-08-2024': p(0.15, 0.6),
  'cohere:command-r7b-12-2024': p(0.0375, 0.15),
  'gemini:gemini-2.5-pro': p(1.25, 10),
  'gemini:gemini-2.5-flash': p(0.3, 2.5),
  'gemini:gemini-2.5-flash-lite': p(0.1, 0.4),
  'gemini:gemini-2.0-flash': p(0.1, 0.4),
  'offline:extractive': p(0, 0),
};
