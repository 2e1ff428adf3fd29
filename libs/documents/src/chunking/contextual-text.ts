import type { Chunk } from './chunk.types';

/**
 * The text to embed for a child: a one-line breadcrumb of the document title, the sheet and the headings, a
 * blank line, then the chunk's text. A child often lacks its own subject ("It rose 4% in Q3."): the
 * breadcrumb puts it back into the vector. Only the embedding input changes; the stored text stays the
 * exact slice. The breadcrumb is kept short (each part at most 100 characters, at most five parts) so it
 * never crowds out the text in a small embedding model's window.
 */
export function contextualText(chunk: Pick<Chunk, 'text' | 'headingPath' | 'sheet'>, docTitle?: string): string {
  const parts: string[] = [];
  const add = (value: string | undefined) => {
    const part = clean(value);
    if (part && part !== parts[parts.length - 1]) parts.push(part);
  };
  add(docTitle);
  if (chunk.sheet !== undefined) add(`Sheet ${chunk.sheet}`);
  for (const heading of chunk.headingPath) add(heading);
  if (parts.length === 0) return chunk.text;
  const crumbs = parts.length > MAX_PARTS ? [parts[0], '…', ...parts.slice(-(MAX_PARTS - 2))] : parts;
  return `${crumbs.join(' > ')}\n\n${chunk.text}`;
}

const MAX_PARTS = 5;
const MAX_PART_CHARS = 100;

function clean(value: string | undefined): string {
  if (!value) return '';
  const flat = value.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_PART_CHARS ? `${flat.slice(0, MAX_PART_CHARS - 1).trimEnd()}…` : flat;
}
