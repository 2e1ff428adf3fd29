/** LLM providers a workspace can store its own key for. Values are stored and appear in URLs; never rename one. */
export const PROVIDER_NAMES = ['groq', 'openai', 'anthropic', 'cohere', 'gemini', 'openai-compatible'] as const;

export type ProviderName = (typeof PROVIDER_NAMES)[number];

/** Providers that are reached at a URL the workspace gives (a self-hosted or third-party OpenAI-style server). */
export const PROVIDERS_NEEDING_BASE_URL: readonly ProviderName[] = ['openai-compatible'];
