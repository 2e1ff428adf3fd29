import type { AppConfig } from '@docqa/core';

/** Target sizes in tokens (cl100k_base); `CHUNK_PARENT_TOKENS`, `CHUNK_CHILD_TOKENS`, `CHUNK_CHILD_OVERLAP_TOKENS`. */
export type ChunkingOptions = AppConfig['ingestion']['chunking'];

/**
 * A contiguous slice of the document's canonical text: `text === document.text.slice(charStart, charEnd)`,
 * so highlights and overlaps are exact offsets, never a fuzzy search.
 */
export interface Chunk {
  /** Position among the document's chunks of the same kind, from 0, in reading order. */
  index: number;
  text: string;
  /** cl100k_base tokens of `text`. */
  tokenCount: number;
  charStart: number;
  charEnd: number;
  /** First and last page, slide or data row the chunk draws on; absent for types without units. */
  unitStart?: number;
  unitEnd?: number;
  /** The xlsx sheet; a chunk never spans two sheets. */
  sheet?: string;
  /**
   * The headings shared by every block of text the chunk draws on (the longest common prefix of their paths;
   * heading blocks themselves count only in a chunk of nothing but headings), outermost first. A chunk inside
   * one subsection gets its full path even when it opens with the section's headings; one that straddles two
   * subsections gets their parent section, so the path never claims a subject for text it does not hold.
   */
  headingPath: string[];
}

/** A section, page or group of rows: the context handed to the answer model around a matching child. */
export type ParentChunk = Chunk;

/** The unit that is embedded and searched; it lies wholly inside its parent. */
export interface ChildChunk extends Chunk {
  parentIndex: number;
}

export interface ChunkedDocument {
  /** The canonical text (see `canonicalText`); chunk offsets point into it, and it is stored with the document. */
  text: string;
  parents: ParentChunk[];
  children: ChildChunk[];
}
