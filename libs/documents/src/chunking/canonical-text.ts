import type { ParsedDocument, TextBlock } from '../parsing/parsed-document';

export interface PlacedBlock {
  block: TextBlock;
  /** Offsets of the block's trimmed text in the canonical text. */
  start: number;
  end: number;
}

export interface CanonicalText {
  text: string;
  blocks: PlacedBlock[];
}

/** Separator between blocks: a blank line, which is one cl100k token and reads as a paragraph break. */
export const BLOCK_SEPARATOR = '\n\n';

/**
 * The canonical text of a document, the one string every chunk offset, citation and highlight points into:
 * the text of each block that holds more than whitespace, trimmed, joined with "\n\n", in the parser's
 * reading order. Nothing else is changed (no Unicode or line-ending normalisation), so it is rebuilt
 * identically from the same `ParsedDocument`.
 */
export function canonicalText(doc: ParsedDocument): CanonicalText {
  const parts: string[] = [];
  const blocks: PlacedBlock[] = [];
  let offset = 0;
  for (const block of doc.blocks) {
    const text = block.text.trim();
    if (text.length === 0) continue;
    if (parts.length > 0) offset += BLOCK_SEPARATOR.length;
    parts.push(text);
    blocks.push({ block, start: offset, end: offset + text.length });
    offset += text.length;
  }
  return { text: parts.join(BLOCK_SEPARATOR), blocks };
}
