import type { LlmProviderId } from '@docqa/core';
import type { ProviderName } from '@docqa/auth';

/** The order of the implicit chain (LLM_CHAIN unset): fast and cheap first; `offline` always closes it. */
export const DEFAULT_CHAIN_ORDER: readonly LlmProviderId[] = [
  'groq',
  'openai',
  'anthropic',
  'cohere',
  'gemini',
  'openai-compatible',
];

/** The model a chain entry without one gets. `openai-compatible` has none: it is OPENAI_COMPATIBLE_MODEL. */
export const DEFAULT_MODELS: Readonly<Record<Exclude<LlmProviderId, 'openai-compatible'>, string>> = {
  groq: 'llama-3.3-70b-versatile',
  openai: 'gpt-4o-mini',
  anthropic: 'claude-haiku-4-5',
  cohere: 'command-a-03-2025',
  gemini: 'gemini-2.5-flash',
  offline: 'extractive',
};

/** Where the vault keeps a workspace's own key for each provider (the offline answerer needs none). */
export const VAULT_NAMES: Readonly<Partial<Record<LlmProviderId, ProviderName>>> = {
  groq: 'groq',
  openai: 'openai',
  anthropic: 'anthropic',
  cohere: 'cohere',
  gemini: 'gemini',
  'openai-compatible': 'openai-compatible',
};

export const GEMINI_OPENAI_BASE_URL = 'https://generativelanguage.googleapis.com/v1beta/openai/';
