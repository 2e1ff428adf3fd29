import Groq from 'groq-sdk';
import type { ChatCompletionCreateParamsStreaming } from 'groq-sdk/resources/chat/completions';
import { sdkFetch } from '@docqa/core';
import { readOpenAiChunks, openAiWireBody, type WireChunk } from './openai-wire';
import type { ProviderAdapter, ProviderCall, ProviderEvent, ProviderFailure } from './provider-adapter';
import { stainlessFailure } from './provider-failure';

export interface GroqOptions {
  apiKey: string;
  baseUrl?: string;
  timeoutMs: number;
}

/**
 * Groq through `groq-sdk`: OpenAI's wire format under `/openai/v1`, with the usage of a stream in the last
 * chunk's `x_groq.usage`. JSON schemas are not enforced by every Groq model, so they go in the prompt.
 */
export class GroqAdapter implements ProviderAdapter {
  private readonly client: Groq;

  constructor(private readonly options: GroqOptions) {
    this.client = new Groq({
      apiKey: options.apiKey,
      baseURL: options.baseUrl ?? null,
      maxRetries: 0,
      timeout: options.timeoutMs,
      fetch: sdkFetch,
      logLevel: 'off',
    });
  }

  async *stream(call: ProviderCall): AsyncIterable<ProviderEvent> {
    const body = openAiWireBody(call.request, call.model, {
      maxTokensField: 'max_completion_tokens',
      jsonSchema: false,
    });
    const chunks = await this.client.chat.completions.create(body as unknown as ChatCompletionCreateParamsStreaming, {
      signal: call.signal,
    });
    call.onResponse();
    yield* readOpenAiChunks(chunks as unknown as AsyncIterable<WireChunk>);
  }

  failure(err: unknown): ProviderFailure {
    return stainlessFailure('groq', err, this.options.apiKey);
  }
}
