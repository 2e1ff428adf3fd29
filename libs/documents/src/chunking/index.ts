export { BLOCK_SEPARATOR, canonicalText, type CanonicalText, type PlacedBlock } from './canonical-text';
export type { Chunk, ChunkedDocument, ChunkingOptions, ChildChunk, ParentChunk } from './chunk.types';
export { chunkDocument } from './chunk-document';
export { contextualText } from './contextual-text';
export { splitSentences } from './sentence-splitter';
export type { SliceTokenCounter } from './token-index';
export { getTokenizer, type Tokenizer } from './tokenizer';
