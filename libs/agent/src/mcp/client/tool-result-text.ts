import type { ContentBlock } from '@modelcontextprotocol/sdk/types.js';

/** Longest tool result handed to the model and the sources; a tool can return megabytes. */
export const MAX_TOOL_RESULT_CHARS = 16_000;

function blockText(block: ContentBlock): string {
  switch (block.type) {
    case 'text':
      return block.text;
    case 'image':
    case 'audio':
      // Binary content means nothing to a text model; say it was there.
      return `[${block.type}: ${block.mimeType}]`;
    case 'resource':
      return 'text' in block.resource ? block.resource.text : `[resource: ${block.resource.uri}]`;
    case 'resource_link':
      return `[resource: ${block.name} ${block.uri}]`;
    default:
      return '';
  }
}

/** Cuts text to `max` characters, saying so. */
export function truncate(text: string, max = MAX_TOOL_RESULT_CHARS): string {
  if (text.length <= max) return text;
  const note = `\n[truncated: ${text.length - max} more characters]`;
  return text.slice(0, Math.max(0, max - note.length)) + note;
}

/** A tool result as the text the model reads: its content blocks, else its structured content as JSON. */
export function toolResultText(result: Record<string, unknown>): string {
  const blocks = Array.isArray(result.content) ? (result.content as ContentBlock[]) : [];
  const text = blocks
    .map(blockText)
    .filter((t) => t.length > 0)
    .join('\n');
  if (text) return truncate(text);
  if (result.structuredContent !== undefined) return truncate(JSON.stringify(result.structuredContent));
  return '';
}
