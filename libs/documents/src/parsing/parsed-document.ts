/** The formats DocQA ingests, decided from a file's content (magic bytes), never from its name. */
export const DOCUMENT_TYPES = ['pdf', 'docx', 'pptx', 'xlsx', 'csv', 'html', 'markdown', 'text'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/** What a block's position counts: PDF pages, PPTX slides, CSV/XLSX data rows, or nothing finer than the file. */
export type UnitKind = 'page' | 'slide' | 'row' | 'none';

export type BlockKind = 'heading' | 'paragraph' | 'list' | 'table' | 'row' | 'notes' | 'code';

/**
 * One piece of extracted text and where it came from. Blocks come in reading order; a citation points at
 * `unit` (the 1-based page, slide or data row) and at the headings above the block.
 */
export interface TextBlock {
  kind: BlockKind;
  text: string;
  /** 1-based page (pdf), slide (pptx) or data row, header excluded (csv, xlsx); absent for other types. */
  unit?: number;
  /** The sheet of an xlsx row. */
  sheet?: string;
  /** Headings enclosing this block, outermost first; a heading block's path ends with its own text. */
  headingPath: string[];
  /** Heading level (1 = top) of a heading block. */
  level?: number;
}

export interface ParsedDocument {
  type: DocumentType;
  unitKind: UnitKind;
  /** Pages, slides or data rows in the file (0 when the type has no units). */
  unitCount: number;
  title?: string;
  blocks: TextBlock[];
  /** PDF pages without a text layer that were OCRed. */
  ocrPages: number[];
  /** PDF pages without a text layer that were not OCRed (OCR off or not installed): flagged, not silently lost. */
  pagesWithoutText: number[];
  /** Things a user should know that did not fail the document (e.g. "2 pages have no text layer"). */
  warnings: string[];
  /** The character encoding a text file was decoded from, when it was detected. */
  encoding?: string;
}

/** Why a document could not be parsed; stored as its `failureReason` code with a message. */
export enum ParseFailure {
  Encrypted = 'encrypted',
  Corrupt = 'corrupt',
  TooLarge = 'too_large',
  TimedOut = 'timed_out',
  Unsupported = 'unsupported',
  /** Parsed fine but holds no text at all (e.g. a scanned PDF with OCR off, or an empty file). */
  NoText = 'no_text',
}

/** A document that cannot be parsed, now or on a retry: the ingest job fails it without retrying. */
export class DocumentParseError extends Error {
  override readonly name = 'DocumentParseError';
  constructor(
    readonly reason: ParseFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Progress a parser reports while it works, e.g. pages done of the total. */
export interface ParseProgress {
  done: number;
  total: number;
}
