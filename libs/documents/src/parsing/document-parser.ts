import type { DocumentType, ParsedDocument, ParseProgress, TextBlock, UnitKind } from './parsed-document';

export interface OcrOptions {
  enabled: boolean;
  /** Tesseract language codes joined by `+`, e.g. `eng+deu`. */
  languages: string;
}

export interface ParseContext {
  ocr: OcrOptions;
  onProgress(progress: ParseProgress): void;
  /** The file on disk, when there is one: OCR renders PDF pages from it instead of writing a copy. */
  filePath?: string;
  /** The heap the parse may use (a parser process' limit): native helpers get the same memory budget. */
  heapBytes?: number;
}

/** One format's parser: bytes in, text blocks in reading order with their positions out. */
export interface DocumentParser {
  readonly type: DocumentType;
  parse(input: Buffer, ctx: ParseContext): Promise<ParsedDocument>;
}

/** Shared by blocks outside any heading, so a million CSV rows do not carry a million empty arrays. */
export const NO_HEADINGS: string[] = Object.freeze([]) as unknown as string[];

export function newDocument(type: DocumentType, unitKind: UnitKind): ParsedDocument {
  return { type, unitKind, unitCount: 0, blocks: [], ocrPages: [], pagesWithoutText: [], warnings: [] };
}

export function hasText(blocks: TextBlock[]): boolean {
  return blocks.some((b) => /\S/.test(b.text));
}
