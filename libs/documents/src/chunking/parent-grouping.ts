import type { TextBlock } from '../parsing/parsed-document';
import type { PlacedBlock } from './canonical-text';
import type { SpanList } from './span-list';
import { packEvenly, type SpanRange } from './span-packer';

/**
 * A run of blocks with the same sheet, unit (page, slide, row) and heading path: the finest unit a parent is
 * made of. A segment of only headings is joined to the one after it, so no parent ends on a stray heading.
 */
interface Segment {
  firstBlock: number;
  lastBlock: number;
}

/**
 * Parents follow the document's structure:
 * - segments are taken whole and consecutive ones are merged while the parent stays within `parentTokens`
 *   (small pages, slides, sections, rows);
 * - a parent never spans two sheets;
 * - a parent closes at a top-level heading once it holds a third of `parentTokens`: a short preamble or a
 *   run of tiny sections still merge, but sizeable top-level sections each get their own parents. "Top
 *   level" is the shallowest heading depth that varies in the document, so a document whose single H1 is
 *   its title splits at its H2s;
 * - a segment larger than `parentTokens` is cut into about equal parents, at block ends where possible,
 *   else at sentence ends.
 */
export function groupParents(spans: SpanList, blocks: PlacedBlock[], parentTokens: number): SpanRange[] {
  const segments = joinHeadings(segmentsOf(blocks), blocks);
  const topDepth = sharedHeadingDepth(blocks);
  const parents: SpanRange[] = [];
  let open: SpanRange | undefined;
  let openTokens = 0;
  let previous: TextBlock | undefined;
  const close = () => {
    if (open) parents.push(open);
    open = undefined;
    openTokens = 0;
  };
  for (const segment of segments) {
    const first = spans.blockFirst[segment.firstBlock];
    const last = lastSpanOf(spans, blocks, segment.lastBlock);
    const block = blocks[segment.firstBlock].block;
    const otherSheet = previous !== undefined && previous.sheet !== block.sheet;
    const topLevel = previous !== undefined && differsAtDepth(previous.headingPath, block.headingPath) <= topDepth;
    previous = blocks[segment.lastBlock].block;
    const tokens = spans.sum(first, last);
    if (tokens > parentTokens) {
      close();
      for (const part of packEvenly(spans, first, last, parentTokens)) parents.push(part);
      continue;
    }
    const joined = openTokens + spans.gap[first] + tokens;
    if (open && (otherSheet || joined > parentTokens || (topLevel && openTokens >= parentTokens / 3))) close();
    if (open) {
      open.last = last;
      openTokens = joined;
    } else {
      open = { first, last };
      openTokens = tokens;
    }
  }
  close();
  return parents;
}

function segmentsOf(blocks: PlacedBlock[]): Segment[] {
  const segments: Segment[] = [];
  for (let b = 0; b < blocks.length; b++) {
    const block = blocks[b].block;
    const previous = b > 0 ? blocks[b - 1].block : undefined;
    if (
      previous &&
      previous.sheet === block.sheet &&
      previous.unit === block.unit &&
      samePath(previous.headingPath, block.headingPath)
    ) {
      segments[segments.length - 1].lastBlock = b;
    } else {
      segments.push({ firstBlock: b, lastBlock: b });
    }
  }
  return segments;
}

function joinHeadings(segments: Segment[], blocks: PlacedBlock[]): Segment[] {
  const joined: Segment[] = [];
  let pending: Segment | undefined;
  for (const segment of segments) {
    if (pending && blocks[pending.firstBlock].block.sheet === blocks[segment.firstBlock].block.sheet) {
      segment.firstBlock = pending.firstBlock;
    } else if (pending) {
      joined.push(pending);
    }
    pending = undefined;
    let headingsOnly = true;
    for (let b = segment.firstBlock; b <= segment.lastBlock && headingsOnly; b++) {
      headingsOnly = blocks[b].block.kind === 'heading';
    }
    if (headingsOnly) pending = segment;
    else joined.push(segment);
  }
  if (pending) joined.push(pending);
  return joined;
}

function lastSpanOf(spans: SpanList, blocks: PlacedBlock[], block: number): number {
  return block + 1 < blocks.length ? spans.blockFirst[block + 1] - 1 : spans.length - 1;
}

/** How many leading headings every non-empty heading path in the document shares. */
function sharedHeadingDepth(blocks: PlacedBlock[]): number {
  let shared: string[] | undefined;
  let depth = 0;
  for (const { block } of blocks) {
    const path = block.headingPath;
    if (path.length === 0) continue;
    if (!shared) {
      shared = path;
      depth = path.length;
      continue;
    }
    depth = Math.min(depth, path.length);
    for (let d = 0; d < depth; d++) {
      if (path[d] !== shared[d]) {
        depth = d;
        break;
      }
    }
    if (depth === 0) break;
  }
  return depth;
}

/** The first depth at which two heading paths differ; Infinity when they are the same. */
function differsAtDepth(a: string[], b: string[]): number {
  const n = Math.min(a.length, b.length);
  for (let d = 0; d < n; d++) if (a[d] !== b[d]) return d;
  return a.length === b.length ? Infinity : n;
}

function samePath(a: string[], b: string[]): boolean {
  return differsAtDepth(a, b) === Infinity;
}
