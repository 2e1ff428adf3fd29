import type { OcrOptions } from './document-parser';
import type { DocumentType, ParsedDocument, ParseFailure } from './parsed-document';
import type { ZipLimits } from './zip-precheck';

/** What every parser process is started with (as JSON in its first argument). */
export interface WorkerSettings {
  limits: ZipLimits;
  ocr: OcrOptions;
  /** The process' heap limit (`--max-old-space-size`), in bytes. */
  heapBytes: number;
  /** RSS above which the process compacts its heap after a document (`trimAboveMb`); absent: never. */
  trimAboveBytes?: number;
}

export interface ParseRequest {
  id: number;
  filePath: string;
  type: DocumentType;
}

/**
 * From a parser process to the pool. `ready` comes once the parsers are loaded: a process that dies before
 * it says so failed to start, which is no document's fault. Progress carries the process' RSS, so the
 * memory cap holds where `/proc` cannot be read. `memory` follows a result when the document left the
 * process above `trimAboveMb` and it compacted its heap: the RSS it is left with. Errors cross as data and
 * are rebuilt as `DocumentParseError` with their reason.
 */
export type WorkerMessage =
  | { kind: 'ready' }
  | { kind: 'progress'; id: number; done: number; total: number; rss: number }
  | { kind: 'parsed'; id: number; document: ParsedDocument }
  | { kind: 'failed'; id: number; reason: ParseFailure; message: string }
  | { kind: 'memory'; rss: number };
