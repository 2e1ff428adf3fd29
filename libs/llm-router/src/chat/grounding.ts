import type { Citation } from './chat-result';
import type { ChatMessage, ChatRequest, ContextDocument } from './chat-request';

const SOURCES_INSTRUCTION =
  'Answer only from the sources below. After each claim, cite the source it comes from by its id in square ' +
  'brackets, like [id]. If the sources do not contain the answer, say that they do not.';

const JSON_INSTRUCTION = 'Respond with a single JSON object and nothing else.';

function sourcesBlock(documents: ContextDocument[]): string {
  const sources = documents.map((d) => `[${d.id}]${d.title ? ` (${d.title})` : ''}\n${d.text}`).join('\n\n');
  return `${SOURCES_INSTRUCTION}\n\nSources:\n\n${sources}`;
}

/**
 * The messages a hosted model gets: one system message first (Anthropic and Cohere take a single system
 * prompt) holding the caller's system text, the sources when documents are given, and the JSON instruction
 * when JSON is asked for (OpenAI's JSON mode refuses a prompt that never says JSON). `schemaInPrompt` adds
 * the schema for providers that cannot enforce one.
 */
export function groundedMessages(request: ChatRequest, options: { schemaInPrompt: boolean }): ChatMessage[] {
  const system = request.messages.filter((m) => m.role === 'system').map((m) => m.content);
  if (request.documents?.length) system.push(sourcesBlock(request.documents));
  const format = request.responseFormat;
  if (format?.type === 'json_object') system.push(JSON_INSTRUCTION);
  if (format?.type === 'json_schema') {
    system.push(
      options.schemaInPrompt
        ? `${JSON_INSTRUCTION} It must match this JSON Schema:\n${JSON.stringify(format.schema)}`
        : JSON_INSTRUCTION,
    );
  }
  const rest = request.messages.filter((m) => m.role !== 'system');
  return system.length ? [{ role: 'system', content: system.join('\n\n') }, ...rest] : rest;
}

/** The documents an answer cites as `[id]`, in order of first citation, unknown ids ignored. */
export function citationsIn(text: string, documents: ContextDocument[] | undefined): Citation[] {
  if (!documents?.length) return [];
  const known = new Set(documents.map((d) => d.id));
  const seen = new Set<string>();
  for (const m of text.matchAll(/\[([^\][\n]{1,200})\]/g)) {
    for (const id of m[1].split(/\s*[,;]\s*/)) if (known.has(id) && !seen.has(id)) seen.add(id);
  }
  return [...seen].map((documentId) => ({ documentId }));
}

/** The text of the last user message: what the question is. */
export function lastUserText(messages: ChatMessage[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m.role === 'user') return m.content;
  }
  return '';
}
