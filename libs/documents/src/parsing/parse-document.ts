import type { DocumentParser, ParseContext } from './document-parser';
import { hasText } from './document-parser';
import { DocumentParseError, ParseFailure, type DocumentType, type ParsedDocument } from './parsed-document';
import { CsvParser } from './parsers/csv.parser';
import { DocxParser } from './parsers/docx.parser';
import { HtmlParser } from './parsers/html.parser';
import { MarkdownParser } from './parsers/markdown.parser';
import { PdfParser } from './parsers/pdf.parser';
import { PptxParser } from './parsers/pptx.parser';
import { TextParser } from './parsers/text.parser';
import { XlsxParser } from './parsers/xlsx.parser';
import { precheckZip, type ZipLimits } from './zip-precheck';

export const PARSERS: Record<DocumentType, DocumentParser> = {
  pdf: new PdfParser(),
  docx: new DocxParser(),
  pptx: new PptxParser(),
  xlsx: new XlsxParser(),
  csv: new CsvParser(),
  html: new HtmlParser(),
  markdown: new MarkdownParser(),
  text: new TextParser(),
};

const ZIP_TYPES = new Set<DocumentType>(['docx', 'pptx', 'xlsx']);

export interface ParseDocumentOptions extends Partial<Pick<ParseContext, 'onProgress' | 'filePath'>> {
  limits: ZipLimits;
  ocr: ParseContext['ocr'];
  /**
   * The heap the parse may use (a parser process' limit). Inputs that cannot fit fail as `TooLarge` before
   * parsing, at once and with a clear message, instead of filling the parser process' heap until it aborts.
   */
  heapBytes?: number;
}

/** Decoded text, its blocks and the parser's garbage take about this many times a text file's size. */
const TEXT_HEAP_FACTOR = 5;
/** XML parts: mammoth needs about 30 times a document.xml; past 1/8 of the heap there is no hope. */
const XML_HEAP_SHARE = 8;
const TEXT_TYPES = new Set<DocumentType>(['csv', 'text', 'markdown', 'html']);

/** Errors libraries throw, sorted into the reasons a document fails with. */
export function toParseError(err: unknown): DocumentParseError {
  if (err instanceof DocumentParseError) return err;
  const message = err instanceof Error ? err.message : String(err);
  // V8's string and buffer ceilings: the document expands past what one process can hold.
  if (/Invalid string length|Array buffer allocation failed|Invalid array length|allocation failed/i.test(message)) {
    return new DocumentParseError(
      ParseFailure.TooLarge,
      `the document expands past what can be held in memory (${message})`,
      {
        cause: err,
      },
    );
  }
  if (/Maximum call stack size exceeded/.test(message)) {
    return new DocumentParseError(ParseFailure.Corrupt, 'the document nests its content too deeply to be read', {
      cause: err,
    });
  }
  return new DocumentParseError(ParseFailure.Corrupt, `the document cannot be read: ${message}`, { cause: err });
}

/**
 * Parses one document in this process: the zip pre-check for Office formats, then the format's parser. Every
 * failure comes out as a `DocumentParseError`; a document without any text fails as `NoText`. The parser
 * pool runs this in parser processes; call it directly only on trusted input.
 */
export async function parseDocument(
  input: Buffer,
  type: DocumentType,
  options: ParseDocumentOptions,
): Promise<ParsedDocument> {
  const parser = PARSERS[type];
  if (!parser) throw new DocumentParseError(ParseFailure.Unsupported, `no parser for documents of type ${type}`);
  const ctx: ParseContext = {
    ocr: options.ocr,
    filePath: options.filePath,
    heapBytes: options.heapBytes,
    onProgress: options.onProgress ?? (() => undefined),
  };
  let doc: ParsedDocument;
  try {
    if (input.length === 0) throw new DocumentParseError(ParseFailure.NoText, 'the file is empty');
    const heap = options.heapBytes;
    if (heap !== undefined && TEXT_TYPES.has(type) && input.length * TEXT_HEAP_FACTOR > heap) {
      throw new DocumentParseError(
        ParseFailure.TooLarge,
        `the ${type} file (${Math.round(input.length / 2 ** 20)} MiB) expands past the ${Math.round(heap / 2 ** 20)} MB a parser may use (PARSE_MAX_HEAP_MB)`,
      );
    }
    if (ZIP_TYPES.has(type)) {
      precheckZip(input, {
        ...options.limits,
        maxPartBytes: options.limits.maxPartBytes ?? (heap === undefined ? undefined : heap / XML_HEAP_SHARE),
      });
    }
    doc = await parser.parse(input, ctx);
  } catch (err) {
    throw toParseError(err);
  }
  if (!hasText(doc.blocks)) throw new DocumentParseError(ParseFailure.NoText, `the ${type} document holds no text`);
  return doc;
}
