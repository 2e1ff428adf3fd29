import { CohereClientV2, CohereError, CohereTimeoutError, type Cohere } from 'cohere-ai';
import { sdkFetch } from '@docqa/core';
import { groundedMessages } from '../chat/grounding';
import type { ChatMessage, ChatRequest } from '../chat/chat-request';
import type { FinishReason } from '../chat/chat-result';
import type { ProviderAdapter, ProviderCall, ProviderEvent, ProviderFailure } from './provider-adapter';
import { connectionFailure, httpFailure } from './provider-failure';

export interface CohereOptions {
  apiKey: string;
  baseUrl?: string;
  timeoutMs: number;
}

const FINISH: Record<string, FinishReason> = {
  COMPLETE: 'stop',
  STOP_SEQUENCE: 'stop',
  MAX_TOKENS: 'length',
  TOOL_CALL: 'tool_calls',
  ERROR: 'error',
  TIMEOUT: 'error',
};

function cohereMessage(m: ChatMessage): Record<string, unknown> {
  switch (m.role) {
    case 'system':
    case 'user':
      return { role: m.role, content: m.content };
    case 'assistant':
      return {
        role: 'assistant',
        ...(m.content ? { content: m.content } : {}),
        ...(m.toolCalls?.length
          ? {
              toolCalls: m.toolCalls.map((c) => ({
                id: c.id,
                type: 'function',
                function: { name: c.name, arguments: JSON.stringify(c.arguments) },
              })),
            }
          : {}),
      };
    case 'tool':
      return { role: 'tool', toolCallId: m.toolCallId, content: m.content };
  }
}

/** The v2 chat request, in the SDK's camelCase (its serializer writes the wire's snake_case). */
export function cohereBody(request: ChatRequest, model: string): Cohere.V2ChatStreamRequest {
  const format = request.responseFormat;
  const body: Record<string, unknown> = {
    model,
    messages: groundedMessages(request, { schemaInPrompt: false }).map(cohereMessage),
  };
  if (request.tools?.length) {
    body.tools = request.tools.map((t) => ({
      type: 'function',
      function: { name: t.name, ...(t.description ? { description: t.description } : {}), parameters: t.parameters },
    }));
  }
  // Cohere can require a tool call or forbid one, not name the tool: a named choice becomes "required".
  const choice = request.toolChoice;
  if (choice === 'none') body.toolChoice = 'NONE';
  else if (choice && choice !== 'auto') body.toolChoice = 'REQUIRED';
  if (format?.type === 'json_object') body.responseFormat = { type: 'json_object' };
  if (format?.type === 'json_schema') body.responseFormat = { type: 'json_object', jsonSchema: format.schema };
  if (request.maxTokens !== undefined) body.maxTokens = request.maxTokens;
  if (request.temperature !== undefined) body.temperature = Math.min(1, request.temperature);
  if (request.stop?.length) body.stopSequences = request.stop;
  return body as unknown as Cohere.V2ChatStreamRequest;
}

/** Cohere's v2 chat with its event stream, through `cohere-ai`. */
export class CohereAdapter implements ProviderAdapter {
  private readonly client: CohereClientV2;

  constructor(private readonly options: CohereOptions) {
    this.client = new CohereClientV2({
      token: options.apiKey,
      baseUrl: options.baseUrl,
      timeoutInSeconds: options.timeoutMs / 1000,
      maxRetries: 0,
      fetch: sdkFetch,
    });
  }

  async *stream(call: ProviderCall): AsyncIterable<ProviderEvent> {
    const events = await this.client.chatStream(cohereBody(call.request, call.model), {
      abortSignal: call.signal,
      maxRetries: 0,
      timeoutInSeconds: this.options.timeoutMs / 1000,
    });
    call.onResponse();
    yield* readCohereEvents(events);
  }

  failure(err: unknown): ProviderFailure {
    if (err instanceof CohereTimeoutError) return { kind: 'timeout', message: 'cohere did not answer in time' };
    if (err instanceof CohereError && err.statusCode !== undefined) {
      const body = err.body as { message?: unknown } | undefined;
      return httpFailure(
        'cohere',
        err.statusCode,
        err.rawResponse?.headers,
        typeof body?.message === 'string' ? body.message : undefined,
        this.options.apiKey,
      );
    }
    return connectionFailure('cohere', (err as { cause?: unknown })?.cause ?? err, this.options.apiKey);
  }
}

async function* readCohereEvents(events: AsyncIterable<Cohere.V2ChatStreamResponse>): AsyncIterable<ProviderEvent> {
  let calls = 0;
  for await (const event of events) {
    switch (event.type) {
      case 'content-delta': {
        const text = event.delta?.message?.content?.text;
        if (text) yield { type: 'text', text };
        break;
      }
      case 'tool-call-start': {
        const call = event.delta?.message?.toolCalls;
        if (!call) break;
        const index = event.index ?? calls;
        calls = Math.max(calls, index + 1);
        yield { type: 'tool_call_start', index, id: call.id, name: call.function?.name ?? '' };
        if (call.function?.arguments) yield { type: 'tool_call_delta', index, arguments: call.function.arguments };
        break;
      }
      case 'tool-call-delta': {
        const args = event.delta?.message?.toolCalls?.function?.arguments;
        if (args) yield { type: 'tool_call_delta', index: event.index ?? Math.max(0, calls - 1), arguments: args };
        break;
      }
      case 'message-end': {
        const usage = event.delta?.usage;
        // Billed units are what the price applies to; raw token counts include Cohere's own prompt.
        const counted = usage?.billedUnits ?? usage?.tokens;
        if (counted) yield { type: 'usage', inputTokens: counted.inputTokens, outputTokens: counted.outputTokens };
        if (event.delta?.finishReason) yield { type: 'finish', reason: FINISH[event.delta.finishReason] ?? 'stop' };
        break;
      }
      default:
        break;
    }
  }
}
