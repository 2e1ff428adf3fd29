import type { ChatRequest } from '../chat/chat-request';

/**
 * A light token estimate for providers that report no usage (and for streams cut before their usage
 * arrived): about four characters per token in English text, which is what cl100k-style tokenizers
 * average. Every count made this way is stored as estimated.
 */
export function estimateTokens(text: string): number {
  return text ? Math.ceil(text.length / 4) : 0;
}

/** Per-message framing the chat formats add (role markers), as OpenAI documents it. */
const PER_MESSAGE = 4;

export function estimateInputTokens(request: ChatRequest): number {
  let tokens = 0;
  for (const m of request.messages) {
    tokens += PER_MESSAGE + estimateTokens(m.content ?? '');
    if (m.role === 'assistant' && m.toolCalls) tokens += estimateTokens(JSON.stringify(m.toolCalls));
  }
  for (const d of request.documents ?? [])
    tokens += PER_MESSAGE + estimateTokens(d.text) + estimateTokens(d.title ?? '');
  if (request.tools?.length) tokens += estimateTokens(JSON.stringify(request.tools));
  return tokens;
}
