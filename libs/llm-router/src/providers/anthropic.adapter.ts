import Anthropic from '@anthropic-ai/sdk';
import type { MessageCreateParamsStreaming, RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages';
import { sdkFetch } from '@docqa/core';
import { groundedMessages } from '../chat/grounding';
import type { ChatMessage, ChatRequest } from '../chat/chat-request';
import type { FinishReason } from '../chat/chat-result';
import type { ProviderAdapter, ProviderCall, ProviderEvent, ProviderFailure } from './provider-adapter';
import { stainlessFailure } from './provider-failure';

export interface AnthropicOptions {
  apiKey: string;
  baseUrl?: string;
  timeoutMs: number;
}

/** Anthropic requires `max_tokens`; this is what a request without one may produce. */
const DEFAULT_MAX_TOKENS = 4096;

const FINISH: Record<string, FinishReason> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  pause_turn: 'stop',
  max_tokens: 'length',
  model_context_window_exceeded: 'length',
  tool_use: 'tool_calls',
  refusal: 'content_filter',
};

type Block = Record<string, unknown>;
type Turn = { role: 'user' | 'assistant'; content: Block[] };

/** Anthropic's turns: tool results are user content blocks, and consecutive turns of one role are merged. */
function turns(messages: ChatMessage[]): Turn[] {
  const out: Turn[] = [];
  const push = (role: Turn['role'], blocks: Block[]) => {
    const last = out.at(-1);
    if (last?.role === role) last.content.push(...blocks);
    else out.push({ role, content: blocks });
  };
  for (const m of messages) {
    if (m.role === 'user') push('user', [{ type: 'text', text: m.content }]);
    else if (m.role === 'tool') {
      push('user', [{ type: 'tool_result', tool_use_id: m.toolCallId, content: m.content }]);
    } else if (m.role === 'assistant') {
      const blocks: Block[] = m.content ? [{ type: 'text', text: m.content }] : [];
      for (const c of m.toolCalls ?? []) blocks.push({ type: 'tool_use', id: c.id, name: c.name, input: c.arguments });
      if (blocks.length) push('assistant', blocks);
    }
  }
  return out;
}

export function anthropicBody(request: ChatRequest, model: string): Record<string, unknown> {
  const format = request.responseFormat;
  // Schemas are enforced natively (output_config.format); plain JSON mode is asked for in the prompt.
  const messages = groundedMessages(request, { schemaInPrompt: false });
  const system = messages[0]?.role === 'system' ? messages[0].content : undefined;
  const body: Record<string, unknown> = {
    model,
    max_tokens: request.maxTokens ?? DEFAULT_MAX_TOKENS,
    messages: turns(system === undefined ? messages : messages.slice(1)),
    stream: true,
  };
  if (system) body.system = system;
  if (request.tools?.length) {
    body.tools = request.tools.map((t) => ({
      name: t.name,
      ...(t.description ? { description: t.description } : {}),
      input_schema: t.parameters,
    }));
  }
  const choice = request.toolChoice;
  if (choice === 'auto' || choice === 'none') body.tool_choice = { type: choice };
  else if (choice === 'required') body.tool_choice = { type: 'any' };
  else if (choice) body.tool_choice = { type: 'tool', name: choice.name };
  if (format?.type === 'json_schema') body.output_config = { format: { type: 'json_schema', schema: format.schema } };
  if (request.temperature !== undefined) body.temperature = Math.min(1, request.temperature);
  if (request.stop?.length) body.stop_sequences = request.stop;
  return body;
}

/** Messages API with its event stream, through `@anthropic-ai/sdk`. */
export class AnthropicAdapter implements ProviderAdapter {
  private readonly client: Anthropic;

  constructor(private readonly options: AnthropicOptions) {
    this.client = new Anthropic({
      apiKey: options.apiKey,
      baseURL: options.baseUrl ?? null,
      maxRetries: 0,
      timeout: options.timeoutMs,
      fetch: sdkFetch,
      logLevel: 'off',
      // Spans cost time on every call and nobody registered a tracer for them.
      openTelemetry: false,
    });
  }

  async *stream(call: ProviderCall): AsyncIterable<ProviderEvent> {
    const body = anthropicBody(call.request, call.model) as unknown as MessageCreateParamsStreaming;
    const events = await this.client.messages.create(body, { signal: call.signal });
    call.onResponse();
    yield* readAnthropicEvents(events);
  }

  failure(err: unknown): ProviderFailure {
    return stainlessFailure('anthropic', err, this.options.apiKey);
  }
}

async function* readAnthropicEvents(events: AsyncIterable<RawMessageStreamEvent>): AsyncIterable<ProviderEvent> {
  let input = 0;
  let calls = 0;
  /** Content block index -> tool call index. */
  const toolBlocks = new Map<number, number>();
  for await (const event of events) {
    switch (event.type) {
      case 'message_start': {
        const u = event.message.usage as Partial<typeof event.message.usage> | undefined;
        if (!u || u.input_tokens == null) break;
        // Cached prompt tokens are still prompt tokens (billed at another rate, which the price table ignores).
        input = u.input_tokens + (u.cache_creation_input_tokens ?? 0) + (u.cache_read_input_tokens ?? 0);
        yield { type: 'usage', inputTokens: input };
        break;
      }
      case 'content_block_start':
        if (event.content_block.type === 'tool_use') {
          toolBlocks.set(event.index, calls);
          yield { type: 'tool_call_start', index: calls++, id: event.content_block.id, name: event.content_block.name };
        }
        break;
      case 'content_block_delta':
        if (event.delta.type === 'text_delta' && event.delta.text) yield { type: 'text', text: event.delta.text };
        else if (event.delta.type === 'input_json_delta' && event.delta.partial_json) {
          const index = toolBlocks.get(event.index);
          if (index !== undefined) yield { type: 'tool_call_delta', index, arguments: event.delta.partial_json };
        }
        break;
      case 'message_delta': {
        const u = event.usage as Partial<typeof event.usage> | undefined;
        if (u?.output_tokens != null) {
          const inputNow =
            u.input_tokens == null
              ? undefined
              : u.input_tokens + (u.cache_creation_input_tokens ?? 0) + (u.cache_read_input_tokens ?? 0);
          yield { type: 'usage', inputTokens: inputNow ?? (input || undefined), outputTokens: u.output_tokens };
        }
        if (event.delta.stop_reason) yield { type: 'finish', reason: FINISH[event.delta.stop_reason] ?? 'stop' };
        break;
      }
      default:
        break;
    }
  }
}
