import * as iconv from 'iconv-lite';
import type { ParseContext } from '../document-parser';
import { CsvParser } from './csv.parser';

const ctx: ParseContext = { ocr: { enabled: false, languages: 'eng' }, onProgress: () => undefined };
const parse = (input: Buffer | string) =>
  new CsvParser().parse(Buffer.isBuffer(input) ? input : Buffer.from(input), ctx);
const texts = async (input: Buffer | string) => (await parse(input)).blocks.map((b) => b.text);

describe('CsvParser', () => {
  it('writes each data row as "Header: value" with its data row number', async () => {
    const doc = await parse('name,age,city\r\nAda,36,London\r\n\r\nAlan,,Wilmslow\r\n');
    expect(doc).toMatchObject({ type: 'csv', unitKind: 'row', unitCount: 2, encoding: 'utf-8' });
    expect(doc.blocks).toEqual([
      { kind: 'row', text: 'name: Ada; age: 36; city: London', unit: 1, headingPath: [] },
      { kind: 'row', text: 'name: Alan; city: Wilmslow', unit: 2, headingPath: [] },
    ]);
  });

  it('finds semicolon and tab delimiters, and keeps quoted delimiters and line breaks in their field', async () => {
    expect(await texts('a;b\n"1,5";2\n')).toEqual(['a: 1,5; b: 2']);
    expect(await texts('a\tb\nx\ty\n')).toEqual(['a: x; b: y']);
    expect(await texts('id,note\n1,"two\nlines, one comma"\n')).toEqual(['id: 1; note: two lines, one comma']);
  });

  it('decodes BOM-marked UTF-8, UTF-16 and Windows-1252 files', async () => {
    expect(await texts(Buffer.from('\ufeffA,B\nx,y\n'))).toEqual(['A: x; B: y']);
    const utf16 = await parse(iconv.encode('Team,City\nBlues,St. Louis\n', 'utf-16be', { addBOM: true }));
    expect([utf16.encoding, utf16.blocks[0].text]).toEqual(['utf-16be', 'Team: Blues; City: St. Louis']);
    const legacy = await parse(
      iconv.encode('Stadt,Straße\nKöln,Hohe Straße\nMünchen,Maximilianstraße\n', 'windows-1252'),
    );
    expect([legacy.encoding, legacy.blocks[0].text]).toEqual(['windows-1252', 'Stadt: Köln; Straße: Hohe Straße']);
  });

  it('names header cells that are blank, and labels cells past the header', async () => {
    expect(await texts('a,,c\n1,2,3,4\n')).toEqual(['a: 1; Column 2: 2; c: 3; Column 4: 4']);
  });

  it('keeps a header-only file as its text', async () => {
    expect(await texts('only,a,header\n')).toEqual(['only; a; header']);
  });

  it('reads malformed rows as well as it can and says so', async () => {
    const doc = await parse('a,b\n1,"unclosed\n2,3\n');
    expect(doc.blocks.length).toBeGreaterThan(0);
    expect(doc.warnings).toEqual([expect.stringMatching(/^1 malformed rows were read as well as possible/)]);
  });
});
