import OpenAI from 'openai';
import type { ChatCompletionChunk, ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions';
import { sdkFetch } from '@docqa/core';
import { readOpenAiChunks, openAiWireBody, type OpenAiWireDialect, type WireChunk } from './openai-wire';
import type { ProviderAdapter, ProviderCall, ProviderEvent, ProviderFailure } from './provider-adapter';
import { stainlessFailure } from './provider-failure';

export interface OpenAiChatOptions {
  /** `openai`, `gemini` or `openai-compatible`: names the provider in messages. */
  provider: string;
  /** Absent for a keyless self-hosted server. */
  apiKey?: string;
  baseUrl?: string;
  /** The SDK's own deadline, a backstop behind the router's timers. */
  timeoutMs: number;
  dialect: OpenAiWireDialect;
}

/**
 * Chat completions through the official `openai` SDK: OpenAI itself, Gemini's OpenAI-compatible endpoint
 * and any compatible server (Ollama, vLLM, LM Studio, llama.cpp server). Retries are the router's, so the
 * SDK makes exactly one attempt.
 */
export class OpenAiChatAdapter implements ProviderAdapter {
  private readonly client: OpenAI;

  constructor(private readonly options: OpenAiChatOptions) {
    this.client = new OpenAI({
      // A keyless server still needs a value for the SDK; the header is then removed.
      apiKey: options.apiKey ?? 'unused',
      baseURL: options.baseUrl ?? null,
      maxRetries: 0,
      timeout: options.timeoutMs,
      fetch: sdkFetch,
      logLevel: 'off',
      ...(options.apiKey ? {} : { defaultHeaders: { Authorization: null } }),
    });
  }

  async *stream(call: ProviderCall): AsyncIterable<ProviderEvent> {
    const body = openAiWireBody(call.request, call.model, this.options.dialect);
    const chunks = await this.client.chat.completions.create(body as unknown as ChatCompletionCreateParamsStreaming, {
      signal: call.signal,
    });
    call.onResponse();
    yield* readOpenAiChunks(chunks as AsyncIterable<ChatCompletionChunk> as AsyncIterable<WireChunk>);
  }

  failure(err: unknown): ProviderFailure {
    return stainlessFailure(this.options.provider, err, this.options.apiKey);
  }
}
