import { groundedMessages } from '../chat/grounding';
import type { ChatMessage, ChatRequest } from '../chat/chat-request';
import type { FinishReason } from '../chat/chat-result';
import type { ProviderEvent } from './provider-adapter';

/** How a server speaking OpenAI chat completions differs from OpenAI itself. */
export interface OpenAiWireDialect {
  /** OpenAI and Groq take `max_completion_tokens`; Gemini and self-hosted servers `max_tokens`. */
  maxTokensField: 'max_completion_tokens' | 'max_tokens';
  /** Whether `response_format: json_schema` is accepted; otherwise JSON mode plus the schema in the prompt. */
  jsonSchema: boolean;
}

function wireMessage(m: ChatMessage): Record<string, unknown> {
  switch (m.role) {
    case 'system':
    case 'user':
      return { role: m.role, content: m.content };
    case 'assistant':
      return {
        role: 'assistant',
        content: m.content ?? null,
        ...(m.toolCalls?.length
          ? {
              tool_calls: m.toolCalls.map((c) => ({
                id: c.id,
                type: 'function',
                function: { name: c.name, arguments: JSON.stringify(c.arguments) },
              })),
            }
          : {}),
      };
    case 'tool':
      return { role: 'tool', tool_call_id: m.toolCallId, content: m.content };
  }
}

/** The streaming chat-completions body for a request. */
export function openAiWireBody(
  request: ChatRequest,
  model: string,
  dialect: OpenAiWireDialect,
): Record<string, unknown> {
  const format = request.responseFormat;
  const body: Record<string, unknown> = {
    model,
    messages: groundedMessages(request, { schemaInPrompt: !dialect.jsonSchema }).map(wireMessage),
    stream: true,
    stream_options: { include_usage: true },
  };
  if (request.tools?.length) {
    body.tools = request.tools.map((t) => ({
      type: 'function',
      function: { name: t.name, ...(t.description ? { description: t.description } : {}), parameters: t.parameters },
    }));
  }
  const choice = request.toolChoice;
  if (choice)
    body.tool_choice = typeof choice === 'object' ? { type: 'function', function: { name: choice.name } } : choice;
  if (format?.type === 'json_object' || (format?.type === 'json_schema' && !dialect.jsonSchema)) {
    body.response_format = { type: 'json_object' };
  } else if (format?.type === 'json_schema') {
    body.response_format = { type: 'json_schema', json_schema: { name: format.name, schema: format.schema } };
  }
  if (request.maxTokens !== undefined) body[dialect.maxTokensField] = request.maxTokens;
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.stop?.length) body.stop = request.stop;
  return body;
}

const FINISH: Record<string, FinishReason> = {
  stop: 'stop',
  length: 'length',
  tool_calls: 'tool_calls',
  function_call: 'tool_calls',
  content_filter: 'content_filter',
};

interface WireUsage {
  prompt_tokens?: number | null;
  completion_tokens?: number | null;
}

/** A streamed chunk as OpenAI, Groq (with `x_groq.usage`), Gemini and the compatible servers send it. */
export interface WireChunk {
  choices?: Array<{
    index?: number;
    delta?: {
      content?: string | null;
      tool_calls?: Array<{
        index?: number;
        id?: string | null;
        function?: { name?: string | null; arguments?: string | null } | null;
      }> | null;
    } | null;
    finish_reason?: string | null;
  }> | null;
  usage?: WireUsage | null;
  x_groq?: { usage?: WireUsage | null } | null;
}

/** Turns a chat-completions chunk stream into provider events. */
export async function* readOpenAiChunks(chunks: AsyncIterable<WireChunk>): AsyncIterable<ProviderEvent> {
  const started = new Set<number>();
  let calls = 0;
  for await (const chunk of chunks) {
    for (const choice of chunk.choices ?? []) {
      if ((choice.index ?? 0) !== 0) continue;
      const delta = choice.delta;
      if (delta?.content) yield { type: 'text', text: delta.content };
      for (const call of delta?.tool_calls ?? []) {
        // Gemini sends each call whole, without an index: number them in order of arrival.
        const index = call.index ?? (call.id || call.function?.name ? calls : Math.max(0, calls - 1));
        if (!started.has(index)) {
          started.add(index);
          calls = Math.max(calls, index + 1);
          yield { type: 'tool_call_start', index, id: call.id || `call_${index}`, name: call.function?.name ?? '' };
        }
        if (call.function?.arguments) yield { type: 'tool_call_delta', index, arguments: call.function.arguments };
      }
      if (choice.finish_reason) yield { type: 'finish', reason: FINISH[choice.finish_reason] ?? 'stop' };
    }
    const usage = chunk.usage ?? chunk.x_groq?.usage;
    if (usage) {
      yield {
        type: 'usage',
        inputTokens: usage.prompt_tokens ?? undefined,
        outputTokens: usage.completion_tokens ?? undefined,
      };
    }
  }
}
