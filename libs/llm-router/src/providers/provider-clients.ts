import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig, type LlmProviderId } from '@docqa/core';
import { GEMINI_OPENAI_BASE_URL } from '../chain/provider-catalog';
import { AnthropicAdapter } from './anthropic.adapter';
import { CohereAdapter } from './cohere.adapter';
import { GroqAdapter } from './groq.adapter';
import { OfflineAdapter } from './offline/offline.adapter';
import { OpenAiChatAdapter } from './openai-chat.adapter';
import type { ProviderAdapter } from './provider-adapter';

/** How a provider is reached for one call; the key is a secret: it goes to the SDK and nowhere else. */
export interface ProviderCredentials {
  apiKey?: string;
  baseUrl?: string;
}

/** SDK clients kept per provider, endpoint and key: a client holds a connection pool worth reusing. */
const MAX_CLIENTS = 500;

@Injectable()
export class ProviderClients {
  private readonly adapters = new Map<string, ProviderAdapter>();
  private readonly offline = new OfflineAdapter();
  /** The SDK's own deadline only backs up the router's timers, so it must not fire first. */
  private readonly sdkTimeoutMs: number;

  constructor(config: AppConfig) {
    this.sdkTimeoutMs = config.llm.timeouts.totalMs + 5_000;
  }

  adapterFor(provider: LlmProviderId, credentials: ProviderCredentials): ProviderAdapter {
    if (provider === 'offline') return this.offline;
    // Hashed so that the map's keys, which a heap dump would show next to nothing else, are not the keys.
    const id = `${provider}\0${credentials.baseUrl ?? ''}\0${
      credentials.apiKey ? createHash('sha256').update(credentials.apiKey).digest('base64') : ''
    }`;
    let adapter = this.adapters.get(id);
    if (!adapter) {
      adapter = this.create(provider, credentials);
      if (this.adapters.size >= MAX_CLIENTS) this.adapters.delete(this.adapters.keys().next().value!);
      this.adapters.set(id, adapter);
    }
    return adapter;
  }

  private create(
    provider: Exclude<LlmProviderId, 'offline'>,
    { apiKey, baseUrl }: ProviderCredentials,
  ): ProviderAdapter {
    const timeoutMs = this.sdkTimeoutMs;
    switch (provider) {
      case 'groq':
        return new GroqAdapter({ apiKey: apiKey!, baseUrl, timeoutMs });
      case 'anthropic':
        return new AnthropicAdapter({ apiKey: apiKey!, baseUrl, timeoutMs });
      case 'cohere':
        return new CohereAdapter({ apiKey: apiKey!, baseUrl, timeoutMs });
      case 'openai':
        return new OpenAiChatAdapter({
          provider,
          apiKey,
          baseUrl,
          timeoutMs,
          dialect: { maxTokensField: 'max_completion_tokens', jsonSchema: true },
        });
      case 'gemini':
        return new OpenAiChatAdapter({
          provider,
          apiKey,
          baseUrl: baseUrl ?? GEMINI_OPENAI_BASE_URL,
          timeoutMs,
          dialect: { maxTokensField: 'max_tokens', jsonSchema: true },
        });
      case 'openai-compatible':
        return new OpenAiChatAdapter({
          provider,
          apiKey,
          baseUrl,
          timeoutMs,
          dialect: { maxTokensField: 'max_tokens', jsonSchema: false },
        });
    }
  }
}
