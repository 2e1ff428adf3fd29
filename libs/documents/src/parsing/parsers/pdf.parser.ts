import { NO_HEADINGS, newDocument, type DocumentParser, type ParseContext } from '../document-parser';
import { ocrAvailable, PdfPageOcr } from '../ocr';
import { DocumentParseError, ParseFailure, type ParsedDocument, type TextBlock } from '../parsed-document';
import {
  PdftotextEncrypted,
  PdftotextTooMuchText,
  pageParagraphs,
  pdftotextAvailable,
  runPdftotext,
  type PdftotextOutput,
} from './pdftotext';

interface PdfTextItem {
  str: string;
  transform: number[];
  height: number;
  hasEOL: boolean;
}

interface Line {
  text: string;
  y: number;
  size: number;
}

/** How much more than a line's height the gap to the next must be to start a new paragraph. */
const PARAGRAPH_GAP = 1.6;

export const OCR_HINT =
  'set OCR_ENABLED=true on a machine with the tesseract-ocr and poppler-utils packages to read such pages';

/** pdf.js items to lines: an item with `hasEOL` ends its line. */
function linesOf(items: unknown[]): Line[] {
  const lines: Line[] = [];
  let text = '';
  let y: number | undefined;
  let size = 0;
  const endLine = () => {
    const t = text.replace(/\s+/g, ' ').trim();
    if (t) lines.push({ text: t, y: y ?? 0, size: size || 10 });
    text = '';
    y = undefined;
    size = 0;
  };
  for (const raw of items) {
    const item = raw as Partial<PdfTextItem>;
    if (typeof item.str !== 'string') continue; // marked-content markers
    if (item.str) {
      const t = item.transform ?? [1, 0, 0, 1, 0, 0];
      if (y === undefined && item.str.trim()) y = t[5];
      text += item.str;
      size = Math.max(size, Math.hypot(t[2], t[3]) || item.height || 0);
    }
    if (item.hasEOL) endLine();
  }
  endLine();
  return lines;
}

/**
 * Lines to paragraphs: a vertical gap well above the line height, or a jump back up the page (the next
 * column), starts a new one. A word hyphenated across lines is joined again.
 */
export function paragraphsOf(lines: Line[]): string[] {
  const out: string[] = [];
  let current = '';
  let prev: Line | undefined;
  for (const line of lines) {
    if (prev) {
      const gap = prev.y - line.y;
      const size = Math.max(prev.size, line.size);
      if (gap > size * PARAGRAPH_GAP || gap < -size) {
        out.push(current);
        current = '';
      }
    }
    if (!current) current = line.text;
    else if (/\p{Ll}-$/u.test(current) && /^\p{Ll}/u.test(line.text)) current = current.slice(0, -1) + line.text;
    else current += `\n${line.text}`;
    prev = line;
  }
  if (current) out.push(current);
  return out;
}

function ocrParagraphs(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.replace(/[ \t]+/g, ' ').trim())
    .filter(Boolean);
}

function failure(err: unknown): DocumentParseError {
  if (err instanceof DocumentParseError) return err;
  const name = (err as { name?: string })?.name;
  const message = (err as { message?: string })?.message ?? String(err);
  if (name === 'PasswordException') {
    return new DocumentParseError(
      ParseFailure.Encrypted,
      'the PDF is password-protected; remove the password and upload it again',
      { cause: err },
    );
  }
  return new DocumentParseError(ParseFailure.Corrupt, `the PDF cannot be read: ${message}`, { cause: err });
}

type PdfDocument = Awaited<ReturnType<typeof import('unpdf').getDocumentProxy>>;

export async function openPdf(input: Buffer): Promise<PdfDocument> {
  const { getDocumentProxy } = await import('unpdf');
  try {
    // A copy: pdf.js takes ownership of (detaches) the array it is given.
    return await getDocumentProxy(new Uint8Array(input), {
      verbosity: 0,
      isEvalSupported: false,
      disableFontFace: true,
      // Text extraction needs no images; this keeps pdf.js from decoding image streams it does not need.
      isImageDecoderSupported: false,
      isOffscreenCanvasSupported: false,
      stopAtErrors: false,
    });
  } catch (err) {
    throw failure(err);
  }
}

/** One page's text as pdf.js extracts it (the text layer only; images are never decoded). */
export async function pageLines(pdf: PdfDocument, pageNumber: number): Promise<Line[]> {
  const page = await pdf.getPage(pageNumber);
  try {
    const content = await page.getTextContent({ includeMarkedContent: false });
    return linesOf(content.items);
  } finally {
    page.cleanup();
  }
}

/** A metadata title, unless it is a file name or placeholder that generators often fill in instead. */
function cleanTitle(raw: unknown): string | undefined {
  const title = typeof raw === 'string' ? raw.replace(/\s+/g, ' ').trim() : '';
  if (
    !title ||
    /^\(?(anonymous|untitled)\)?$/i.test(title) ||
    /\.(exe|htm|html|doc|docx|pdf|txt|tex|dvi|ps|qxd|indd|pm\d?)$/i.test(title)
  ) {
    return undefined;
  }
  return title;
}

async function titleOf(pdf: PdfDocument): Promise<string | undefined> {
  try {
    const { info } = (await pdf.getMetadata()) as { info?: { Title?: unknown } };
    return cleanTitle(info?.Title);
  } catch {
    return undefined;
  }
}

/** Decoded text and its blocks take about this many times the text's bytes of parser heap. */
const TEXT_HEAP_FACTOR = 5;

export type PdfEngine = 'auto' | 'unpdf';

/**
 * PDF text per page, split into paragraphs, progress per page. Read by poppler's `pdftotext` when it is
 * installed (see `pdftotext.ts`), else, or when it gives up on a file, by unpdf (pdf.js). Pages without a
 * text layer are OCRed when OCR is on and installed, else listed in `pagesWithoutText`; a PDF with no text at
 * all fails as `NoText` saying how to turn OCR on.
 */
export class PdfParser implements DocumentParser {
  readonly type = 'pdf' as const;

  /** `unpdf` skips `pdftotext` even where it is installed (tests of the fallback). */
  constructor(private readonly engine: PdfEngine = 'auto') {}

  async parse(input: Buffer, ctx: ParseContext): Promise<ParsedDocument> {
    if (this.engine === 'auto' && (await pdftotextAvailable())) {
      const output = await this.extract(input, ctx);
      if (output) return this.fromPdftotext(output, input, ctx);
    }
    return this.parseWithUnpdf(input, ctx);
  }

  /** The text by `pdftotext`, or undefined when pdf.js should try (it reads some files poppler gives up on). */
  private async extract(input: Buffer, ctx: ParseContext): Promise<PdftotextOutput | undefined> {
    try {
      return await runPdftotext(input, {
        filePath: ctx.filePath,
        memoryBytes: ctx.heapBytes,
        maxOutputBytes: ctx.heapBytes === undefined ? undefined : ctx.heapBytes / TEXT_HEAP_FACTOR,
      });
    } catch (err) {
      if (err instanceof PdftotextEncrypted) {
        throw new DocumentParseError(
          ParseFailure.Encrypted,
          'the PDF is password-protected; remove the password and upload it again',
          { cause: err },
        );
      }
      if (err instanceof PdftotextTooMuchText) {
        throw new DocumentParseError(
          ParseFailure.TooLarge,
          `the PDF holds more text than a parser may hold (${Math.round(ctx.heapBytes! / 2 ** 20)} MB heap, PARSE_MAX_HEAP_MB)`,
          { cause: err },
        );
      }
      return undefined;
    }
  }

  private async fromPdftotext(output: PdftotextOutput, input: Buffer, ctx: ParseContext): Promise<ParsedDocument> {
    const doc = newDocument('pdf', 'page');
    doc.unitCount = output.pages.length;
    doc.title = cleanTitle(output.title);
    const ocr =
      ctx.ocr.enabled && (await ocrAvailable()) ? new PdfPageOcr(input, ctx.filePath, ctx.ocr.languages) : undefined;
    try {
      for (let page = 1; page <= output.pages.length; page++) {
        let paragraphs = pageParagraphs(output.pages[page - 1]);
        if (paragraphs.length === 0 && ocr) paragraphs = await this.ocrPage(ocr, page, doc);
        if (paragraphs.length === 0 && !doc.ocrPages.includes(page)) doc.pagesWithoutText.push(page);
        for (const text of paragraphs) doc.blocks.push(pageBlock(text, page));
        ctx.onProgress({ done: page, total: output.pages.length });
      }
    } finally {
      await ocr?.close();
    }
    return finish(doc, [], ctx);
  }

  private async ocrPage(ocr: PdfPageOcr, page: number, doc: ParsedDocument): Promise<string[]> {
    try {
      const paragraphs = ocrParagraphs(await ocr.read(page));
      doc.ocrPages.push(page);
      return paragraphs;
    } catch (err) {
      doc.warnings.push(`page ${page}: OCR failed: ${(err as Error).message}`);
      return [];
    }
  }

  private async parseWithUnpdf(input: Buffer, ctx: ParseContext): Promise<ParsedDocument> {
    const doc = newDocument('pdf', 'page');
    const pdf = await openPdf(input);
    const ocr =
      ctx.ocr.enabled && (await ocrAvailable()) ? new PdfPageOcr(input, ctx.filePath, ctx.ocr.languages) : undefined;
    const unreadable: number[] = [];
    try {
      doc.unitCount = pdf.numPages;
      doc.title = await titleOf(pdf);
      for (let page = 1; page <= pdf.numPages; page++) {
        let paragraphs: string[];
        try {
          paragraphs = paragraphsOf(await pageLines(pdf, page));
        } catch (err) {
          if ((err as { name?: string })?.name === 'PasswordException') throw failure(err);
          // One broken page (a cyclic resource, a bad stream) should not lose the others.
          unreadable.push(page);
          doc.warnings.push(`page ${page} could not be read: ${(err as Error)?.message ?? err}`);
          ctx.onProgress({ done: page, total: pdf.numPages });
          continue;
        }
        if (paragraphs.length === 0 && ocr) paragraphs = await this.ocrPage(ocr, page, doc);
        if (paragraphs.length === 0 && !doc.ocrPages.includes(page)) doc.pagesWithoutText.push(page);
        for (const text of paragraphs) doc.blocks.push(pageBlock(text, page));
        ctx.onProgress({ done: page, total: pdf.numPages });
      }
    } catch (err) {
      throw failure(err);
    } finally {
      await ocr?.close();
      await pdf.destroy().catch(() => undefined);
    }
    return finish(doc, unreadable, ctx);
  }
}

function pageBlock(text: string, page: number): TextBlock {
  return { kind: 'paragraph', text, unit: page, headingPath: NO_HEADINGS };
}

function finish(doc: ParsedDocument, unreadable: number[], ctx: ParseContext): ParsedDocument {
  if (doc.unitCount > 0 && unreadable.length === doc.unitCount) {
    throw new DocumentParseError(ParseFailure.Corrupt, `the PDF cannot be read: ${doc.warnings[0] ?? 'no page opens'}`);
  }
  const missing = doc.pagesWithoutText.length;
  if (doc.blocks.length === 0) {
    if (missing > 0 && doc.ocrPages.length === 0) {
      const why = ctx.ocr.enabled
        ? 'OCR is on but tesseract/pdftoppm are not installed here; install the tesseract-ocr and poppler-utils packages'
        : `it looks scanned: ${OCR_HINT}`;
      throw new DocumentParseError(ParseFailure.NoText, `the PDF has no text layer (${missing} pages); ${why}`);
    }
    throw new DocumentParseError(ParseFailure.NoText, 'the PDF holds no text');
  }
  if (missing > 0) {
    const pages = doc.pagesWithoutText.slice(0, 20).join(', ') + (missing > 20 ? ', ...' : '');
    doc.warnings.push(
      ctx.ocr.enabled
        ? `${missing} pages have no text layer and OCR could not read them (pages ${pages})`
        : `${missing} pages have no text layer and were not OCRed (pages ${pages}); ${OCR_HINT}`,
    );
  }
  return doc;
}
