import type { ParsedDocument } from '../parsing/parsed-document';
import { canonicalText, type PlacedBlock } from './canonical-text';
import type { Chunk, ChunkedDocument, ChunkingOptions, ChildChunk, ParentChunk } from './chunk.types';
import { splitChildren } from './child-splitting';
import { groupParents } from './parent-grouping';
import { buildSpans, type SpanList } from './span-list';
import type { SliceTokenCounter } from './token-index';
import { getTokenizer } from './tokenizer';

/**
 * Parents (sections, pages, slides, row groups: see `groupParents`) and the children that are embedded and
 * searched (see `splitChildren`), as exact slices of the canonical text. Pure and synchronous: a 3 MB book
 * (760k tokens) takes ~150 ms once the tokenizer is warm, ~350 ms as a process's first document; a third of
 * that is the one pass that pre-tokenizes the text.
 */
export function chunkDocument(doc: ParsedDocument, options: ChunkingOptions): ChunkedDocument {
  const { text, blocks } = canonicalText(doc);
  if (blocks.length === 0) return { text, parents: [], children: [] };
  const tokenizer = getTokenizer();
  const parentTokens = Math.max(1, options.parentTokens);
  const childTokens = Math.max(1, Math.min(options.childTokens, parentTokens));
  // an overlap of half a child or more would make each child mostly a repeat of the one before
  const overlapTokens =
    doc.unitKind === 'row' ? 0 : Math.max(0, Math.min(options.childOverlapTokens, childTokens >> 1));

  const counts = tokenizer.index(text);
  const spans = buildSpans(text, blocks, childTokens, tokenizer, counts);
  const parents: ParentChunk[] = [];
  const children: ChildChunk[] = [];
  for (const range of groupParents(spans, blocks, parentTokens)) {
    const parentIndex = parents.length;
    parents.push(describe(parentIndex, spans.start[range.first], range.first, range.last, spans, blocks, text, counts));
    for (const child of splitChildren(spans, text, range, { childTokens, overlapTokens }, tokenizer, counts)) {
      children.push({
        ...describe(children.length, child.charStart, child.first, child.last, spans, blocks, text, counts),
        parentIndex,
      });
    }
  }
  return { text, parents, children };
}

function describe(
  index: number,
  charStart: number,
  first: number,
  last: number,
  spans: SpanList,
  blocks: PlacedBlock[],
  text: string,
  counts: SliceTokenCounter,
): Chunk {
  const charEnd = spans.end[last];
  const chunkText = text.slice(charStart, charEnd);
  const chunk: Chunk = {
    index,
    text: chunkText,
    tokenCount: counts.count(charStart, charEnd),
    charStart,
    charEnd,
    headingPath: [],
  };
  const firstBlock = spans.block[first];
  const lastBlock = spans.block[last];
  let path: string[] | undefined;
  let shared = 0;
  for (let b = firstBlock; b <= lastBlock; b++) {
    const block = blocks[b].block;
    if (block.unit !== undefined) {
      if (chunk.unitStart === undefined || block.unit < chunk.unitStart) chunk.unitStart = block.unit;
      if (chunk.unitEnd === undefined || block.unit > chunk.unitEnd) chunk.unitEnd = block.unit;
    }
    if (chunk.sheet === undefined && block.sheet !== undefined) chunk.sheet = block.sheet;
    if (block.kind === 'heading') continue;
    if (path === undefined) {
      path = block.headingPath;
      shared = path.length;
    } else if (block.headingPath !== path) {
      shared = sharedDepth(path, block.headingPath, shared);
    }
  }
  if (path === undefined) {
    // only headings: what they share
    path = blocks[firstBlock].block.headingPath;
    shared = path.length;
    for (let b = firstBlock + 1; b <= lastBlock; b++) shared = sharedDepth(path, blocks[b].block.headingPath, shared);
  }
  chunk.headingPath = path.slice(0, shared);
  return chunk;
}

function sharedDepth(path: string[], other: string[], limit: number): number {
  let d = 0;
  while (d < limit && d < other.length && other[d] === path[d]) d++;
  return d;
}
