import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import * as iconv from 'iconv-lite';
import { ParseFailure } from '../parsing/parsed-document';
import { detectFileType, detectionFailure, type Detection } from './detect-file-type';

let dir: string;
let n = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'docqa-detect-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Detects bytes written under a misleading name: detection must never look at it. */
async function detect(bytes: Buffer | string): Promise<Detection> {
  const file = join(dir, `upload-${n++}.pdf`);
  await writeFile(file, bytes);
  return detectFileType(file);
}

async function zipOf(entries: Record<string, string>, options: { storedMimetype?: string } = {}): Promise<Buffer> {
  const zip = new JSZip();
  if (options.storedMimetype) zip.file('mimetype', options.storedMimetype, { compression: 'STORE' });
  for (const [name, content] of Object.entries(entries)) zip.file(name, content);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

const CONTENT_TYPES =
  '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>';

describe('detectFileType', () => {
  it('finds a PDF by its header, also after leading junk', async () => {
    expect(await detect('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n')).toEqual({ type: 'pdf', mime: 'application/pdf' });
    expect((await detect(`${'x'.repeat(500)}\n%PDF-1.4\n`)).type).toBe('pdf');
  });

  it('does not take a %PDF far into a file for a PDF header', async () => {
    expect((await detect(`${'plain words '.repeat(200)}%PDF-1.4`)).type).toBe('text');
  });

  it('tells DOCX, PPTX and XLSX apart by the entries of the zip', async () => {
    expect(await detect(await zipOf({ '[Content_Types].xml': CONTENT_TYPES, 'word/document.xml': '<w/>' }))).toEqual({
      type: 'docx',
      mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    });
    expect(
      (await detect(await zipOf({ '[Content_Types].xml': CONTENT_TYPES, 'ppt/presentation.xml': '<p/>' }))).type,
    ).toBe('pptx');
    expect((await detect(await zipOf({ '[Content_Types].xml': CONTENT_TYPES, 'xl/workbook.xml': '<x/>' }))).type).toBe(
      'xlsx',
    );
  });

  it('names epub, OpenDocument and other zips as unsupported', async () => {
    const epub = await detect(
      await zipOf({ 'META-INF/container.xml': '<c/>' }, { storedMimetype: 'application/epub+zip' }),
    );
    expect(epub).toMatchObject({ type: null, mime: 'application/epub+zip', reason: ParseFailure.Unsupported });
    const odt = await detect(
      await zipOf({ 'content.xml': '<c/>' }, { storedMimetype: 'application/vnd.oasis.opendocument.text' }),
    );
    expect(odt).toMatchObject({ type: null, mime: 'application/vnd.oasis.opendocument.text' });
    expect(await detect(await zipOf({ 'notes.txt': 'hello' }))).toMatchObject({ type: null, mime: 'application/zip' });
  });

  it('still recognizes an Office zip whose central directory was cut off', async () => {
    const whole = await zipOf({ '[Content_Types].xml': CONTENT_TYPES, 'word/document.xml': '<w/>'.repeat(1000) });
    expect((await detect(whole.subarray(0, Math.floor(whole.length * 0.6)))).type).toBe('docx');
  });

  it('refuses legacy OLE2 Office files, and says when one is a password-protected Office file', async () => {
    const header = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    const legacy = await detect(Buffer.concat([header, Buffer.alloc(1024)]));
    expect(legacy).toMatchObject({ type: null, reason: ParseFailure.Unsupported });
    expect((legacy as { description: string }).description).toMatch(/legacy Microsoft Office \(OLE2\).*\.docx/);
    const encrypted = await detect(
      Buffer.concat([header, Buffer.alloc(1024), Buffer.from('EncryptedPackage', 'utf16le'), Buffer.alloc(512)]),
    );
    expect(encrypted).toMatchObject({ type: null, reason: ParseFailure.Encrypted });
    expect(detectionFailure(encrypted as Detection & { type: null }).reason).toBe(ParseFailure.Encrypted);
  });

  it('names images, executables and compressed files by their mime type', async () => {
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]),
      Buffer.alloc(64),
    ]);
    expect(await detect(png)).toMatchObject({ type: null, mime: 'image/png' });
    const gzip = Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 3]), Buffer.alloc(32, 1)]);
    expect(await detect(gzip)).toMatchObject({ type: null, mime: 'application/gzip' });
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(64)]);
    expect(await detect(elf)).toMatchObject({ type: null, mime: 'application/x-elf' });
    expect(await detect(Buffer.from([1, 2, 3, 0, 0, 4, 5, 6, 7, 8]))).toMatchObject({
      type: null,
      mime: 'application/octet-stream',
    });
  });

  it('calls an empty file an empty file', async () => {
    expect(await detect(Buffer.alloc(0))).toEqual({
      type: null,
      mime: 'application/x-empty',
      description: 'empty file',
      reason: ParseFailure.NoText,
    });
  });

  it('finds HTML by its doctype or document elements near the start', async () => {
    expect((await detect('<!DOCTYPE html>\n<html><body><p>Hi</p></body></html>')).type).toBe('html');
    expect((await detect('\n\n  <html lang="en"><head><title>x</title></head></html>')).type).toBe('html');
    expect((await detect('<?xml version="1.0"?>\n<!-- generated -->\n<html xmlns="x"><body/></html>')).type).toBe(
      'html',
    );
    expect((await detect('Notes about the <html> element in web pages.')).type).toBe('text');
  });

  it('refuses other XML', async () => {
    expect(await detect('<?xml version="1.0"?><feed><entry/></feed>')).toMatchObject({
      type: null,
      mime: 'application/xml',
    });
  });

  it('finds Markdown by headings, fences and tables', async () => {
    expect((await detect('# Title\n\nSome text.\n')).type).toBe('markdown');
    expect((await detect('Intro line\n\n## Usage\n\n- install it\n- run it\n')).type).toBe('markdown');
    expect((await detect('Some text\n\n```js\nconsole.log(1)\n```\n')).type).toBe('markdown');
    expect((await detect('Intro\n\n| a | b |\n|---|---|\n| 1 | 2 |\n')).type).toBe('markdown');
    expect((await detect('A plain note.\n- milk\n- bread\n')).type).toBe('text');
  });

  it('finds CSV by a delimiter that splits every line alike: comma, semicolon, tab', async () => {
    expect(await detect('name,age,city\nAda,36,London\nAlan,41,Wilmslow\n')).toEqual({ type: 'csv', mime: 'text/csv' });
    expect((await detect('name;age\nAda;36\nAlan;41\n')).type).toBe('csv');
    expect((await detect('name\tage\nAda\t36\nAlan\t41\n')).type).toBe('csv');
    expect((await detect('a,b\n"multi\nline, with comma",2\nx,y\n')).type).toBe('csv');
  });

  it('keeps prose with commas as text', async () => {
    const prose = 'Well, it was late.\nShe said, quietly, that she would go, and then, at last, she went.\nThe end.\n';
    expect(await detect(prose)).toEqual({ type: 'text', mime: 'text/plain' });
  });

  it('reads UTF-16 text, with or without a byte order mark', async () => {
    const withBom = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a,b\n1,2\n3,4\n', 'utf16le')]);
    expect((await detect(withBom)).type).toBe('csv');
    expect((await detect(Buffer.from('This is a plain note.\nNothing more.\n', 'utf16le'))).type).toBe('text');
    expect((await detect(iconv.encode('# Überschrift\n\nText', 'utf-16be', { addBOM: true }))).type).toBe('markdown');
  });

  it('reads legacy single-byte text as text', async () => {
    expect((await detect(iconv.encode('Grüße aus Köln, schöne Straße.\n', 'windows-1252'))).type).toBe('text');
  });
});
