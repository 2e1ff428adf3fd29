import JSZip from 'jszip';
import { parseDocument, toParseError, type ParseDocumentOptions } from './parse-document';
import { DocumentParseError, ParseFailure } from './parsed-document';

const OPTIONS: ParseDocumentOptions = {
  limits: { maxInflatedBytes: 64 * 1024 * 1024, maxZipEntries: 100, maxCompressionRatio: 100 },
  ocr: { enabled: false, languages: 'eng' },
};

async function failure(promise: Promise<unknown>): Promise<DocumentParseError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (err instanceof DocumentParseError) return err;
  throw new Error(`expected a DocumentParseError, got ${String(err)}`);
}

async function docxOf(documentXml: string): Promise<Buffer> {
  const zip = new JSZip();
  zip.file('[Content_Types].xml', '<Types/>');
  zip.file('word/document.xml', documentXml);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

describe('parseDocument', () => {
  it('runs the zip pre-check before an Office parser', async () => {
    const bomb = await docxOf(' '.repeat(4 * 1024 * 1024));
    expect((await failure(parseDocument(bomb, 'docx', OPTIONS))).reason).toBe(ParseFailure.TooLarge);
  });

  it('refuses XML parts too large for the heap it is given', async () => {
    const body = Array.from({ length: 3000 }, (_, i) => `<w:p><w:r><w:t>Paragraph ${i} ${i * 7919}</w:t></w:r></w:p>`);
    const docx = await docxOf(`<w:document xmlns:w="w"><w:body>${body.join('')}</w:body></w:document>`);
    const err = await failure(parseDocument(docx, 'docx', { ...OPTIONS, heapBytes: 512 * 1024 }));
    expect([err.reason, err.message]).toEqual([
      ParseFailure.TooLarge,
      expect.stringMatching(/word\/document\.xml.*PARSE_MAX_HEAP_MB/),
    ]);
  });

  it('refuses text files that would expand past the heap', async () => {
    const err = await failure(
      parseDocument(Buffer.alloc(1024 * 1024, 'a,b\n'), 'csv', { ...OPTIONS, heapBytes: 4 * 1024 * 1024 }),
    );
    expect(err.reason).toBe(ParseFailure.TooLarge);
    expect(
      (await parseDocument(Buffer.from('a,b\n1,2\n'), 'csv', { ...OPTIONS, heapBytes: 4 * 1024 * 1024 })).blocks,
    ).toHaveLength(1);
  });

  it('fails empty and text-less documents as NoText', async () => {
    expect((await failure(parseDocument(Buffer.alloc(0), 'text', OPTIONS))).reason).toBe(ParseFailure.NoText);
    expect((await failure(parseDocument(Buffer.from('\n \n\t\n'), 'text', OPTIONS))).reason).toBe(ParseFailure.NoText);
    expect(
      (await failure(parseDocument(Buffer.from('<html><body><script>x()</script></body></html>'), 'html', OPTIONS)))
        .reason,
    ).toBe(ParseFailure.NoText);
  });

  it('fails a damaged Office file as Corrupt', async () => {
    const err = await failure(parseDocument(Buffer.from('PK\x03\x04 and nothing a zip needs'), 'xlsx', OPTIONS));
    expect(err.reason).toBe(ParseFailure.Corrupt);
  });
});

describe('toParseError', () => {
  it('sorts what libraries throw into reasons', () => {
    expect(toParseError(new RangeError('Invalid string length')).reason).toBe(ParseFailure.TooLarge);
    expect(toParseError(new RangeError('Maximum call stack size exceeded')).message).toMatch(
      /nests its content too deeply/,
    );
    expect(toParseError(new Error('bad xref'))).toMatchObject({
      reason: ParseFailure.Corrupt,
      message: 'the document cannot be read: bad xref',
    });
    const own = new DocumentParseError(ParseFailure.Encrypted, 'locked');
    expect(toParseError(own)).toBe(own);
  });
});
