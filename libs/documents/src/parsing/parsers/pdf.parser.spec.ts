import { spawnSync } from 'node:child_process';
import { pdfWithPages } from '../../../../../test/support/document-fixtures';
import type { ParseContext } from '../document-parser';
import { DocumentParseError, ParseFailure, type ParseProgress } from '../parsed-document';
import { PdfParser } from './pdf.parser';

interface Line {
  text: string;
  y: number;
  size?: number;
}

/**
 * A PDF written by hand: each page lists its lines with their baseline; a page of no lines has no text
 * layer. `encrypt` adds a standard security handler whose user password is not empty.
 */
function pdfOf(pages: Line[][], options: { encrypt?: boolean; title?: string } = {}): Buffer {
  const objects: string[] = [];
  const add = (body: string) => objects.push(body);
  const esc = (s: string) => s.replace(/[\\()]/g, (c) => `\\${c}`);
  add(`<< /Type /Catalog /Pages 2 0 R >>`);
  add('');
  add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>');
  const kids: number[] = [];
  for (const lines of pages) {
    const stream = lines.map((l) => `BT /F1 ${l.size ?? 11} Tf 50 ${l.y} Td (${esc(l.text)}) Tj ET`).join('\n');
    const content = add(`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`);
    kids.push(
      add(
        `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${content} 0 R >>`,
      ),
    );
  }
  objects[1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`;
  const info = options.title ? add(`<< /Title (${esc(options.title)}) >>`) : undefined;
  const hex32 = (c: string) => `<${c.repeat(64)}>`;
  const encrypt = options.encrypt
    ? add(`<< /Filter /Standard /V 1 /R 2 /O ${hex32('a')} /U ${hex32('b')} /P -4 >>`)
    : undefined;
  let out = '%PDF-1.4\n';
  const offsets = objects.map((body, i) => {
    const at = out.length;
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return at;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  const extra = `${info ? ` /Info ${info} 0 R` : ''}${encrypt ? ` /Encrypt ${encrypt} 0 R /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>]` : ''}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R${extra} >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

function context(overrides: Partial<ParseContext> = {}): ParseContext & { progress: ParseProgress[] } {
  const progress: ParseProgress[] = [];
  return { ocr: { enabled: false, languages: 'eng' }, onProgress: (p) => progress.push(p), progress, ...overrides };
}

async function failure(promise: Promise<unknown>): Promise<DocumentParseError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof DocumentParseError) return err;
    throw err;
  }
  throw new Error('expected a DocumentParseError');
}

const PDFTOTEXT_INSTALLED = spawnSync('pdftotext', ['-v']).status === 0;

const OCR_INSTALLED = [
  ['tesseract', '--version'],
  ['pdftoppm', '-v'],
].every(([command, arg]) => spawnSync(command, [arg]).status === 0);
const itWithOcr: jest.It = OCR_INSTALLED
  ? it
  : (((name: string, fn?: jest.ProvidesCallback) =>
      it.skip(`${name} [skipped: tesseract-ocr and poppler-utils are not installed]`, fn)) as unknown as jest.It);

// The same behaviour whichever reader runs: pdftotext (the fast path where poppler-utils is installed) or
// unpdf (the fallback that needs nothing installed).
const ENGINES: [string, PdfParser | undefined][] = [
  ['unpdf', new PdfParser('unpdf')],
  ['pdftotext', PDFTOTEXT_INSTALLED ? new PdfParser() : undefined],
];

describe.each(ENGINES)('PdfParser (%s)', (_engine, maybeParser) => {
  const parser = maybeParser!;
  if (!maybeParser) {
    it.skip(`[skipped: poppler-utils (pdftotext) is not installed]`, () => undefined);
    return;
  }

  it('reads each page as paragraphs that cite the page, reporting progress per page', async () => {
    const ctx = context();
    const doc = await parser.parse(
      pdfWithPages([['First page line one', 'First page line two'], ['Second page']]),
      ctx,
    );
    expect(doc).toMatchObject({ type: 'pdf', unitKind: 'page', unitCount: 2, pagesWithoutText: [], ocrPages: [] });
    expect(doc.blocks).toEqual([
      { kind: 'paragraph', text: 'First page line one\nFirst page line two', unit: 1, headingPath: [] },
      { kind: 'paragraph', text: 'Second page', unit: 2, headingPath: [] },
    ]);
    expect(ctx.progress).toEqual([
      { done: 1, total: 2 },
      { done: 2, total: 2 },
    ]);
  });

  it('starts a paragraph at a wide vertical gap and joins words hyphenated across lines', async () => {
    const doc = await parser.parse(
      pdfOf([
        [
          { text: 'A paragraph about hyphen-', y: 700 },
          { text: 'ation at line ends.', y: 687 },
          { text: 'Another paragraph after a gap.', y: 640 },
        ],
      ]),
      context(),
    );
    expect(doc.blocks.map((b) => b.text)).toEqual([
      'A paragraph about hyphenation at line ends.',
      'Another paragraph after a gap.',
    ]);
  });

  it('takes the document title from the metadata, but not a file name standing in for one', async () => {
    expect((await parser.parse(pdfOf([[{ text: 'x', y: 700 }]], { title: 'Annual Report' }), context())).title).toBe(
      'Annual Report',
    );
    expect(
      (await parser.parse(pdfOf([[{ text: 'x', y: 700 }]], { title: 'report_final.doc' }), context())).title,
    ).toBeUndefined();
  });

  it('flags pages without a text layer and says how to OCR them', async () => {
    const doc = await parser.parse(pdfOf([[{ text: 'Some text', y: 700 }], [], [{ text: 'More', y: 700 }]]), context());
    expect(doc.pagesWithoutText).toEqual([2]);
    expect(doc.blocks.map((b) => b.unit)).toEqual([1, 3]);
    expect(doc.warnings).toEqual([expect.stringMatching(/1 pages have no text layer.*pages 2.*OCR_ENABLED=true/)]);
  });

  it('fails a PDF without any text layer as NoText, naming the setting that turns OCR on', async () => {
    const err = await failure(parser.parse(pdfOf([[], []]), context()));
    expect(err.reason).toBe(ParseFailure.NoText);
    expect(err.message).toMatch(/no text layer \(2 pages\).*OCR_ENABLED=true.*tesseract-ocr and poppler-utils/);
  });

  it('fails a password-protected PDF as Encrypted', async () => {
    const err = await failure(parser.parse(pdfOf([[{ text: 'secret', y: 700 }]], { encrypt: true }), context()));
    expect(err.reason).toBe(ParseFailure.Encrypted);
    expect(err.message).toMatch(/password/);
  });

  it('fails bytes that are no PDF structure as Corrupt', async () => {
    expect((await failure(parser.parse(Buffer.from('%PDF-1.7\nnothing else here'), context()))).reason).toBe(
      ParseFailure.Corrupt,
    );
  });

  itWithOcr('OCRs pages without text when OCR is on and installed', async () => {
    // A blank page: OCR runs on it, finds nothing, and the page is recorded as OCRed.
    const doc = await parser.parse(
      pdfOf([[{ text: 'Text page', y: 700 }], []]),
      context({ ocr: { enabled: true, languages: 'eng' } }),
    );
    expect(doc.ocrPages).toEqual([2]);
    expect(doc.pagesWithoutText).toEqual([]);
  });
});
