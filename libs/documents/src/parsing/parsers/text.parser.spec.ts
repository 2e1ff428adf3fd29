import * as iconv from 'iconv-lite';
import type { ParseContext } from '../document-parser';
import { TextParser } from './text.parser';

const ctx: ParseContext = { ocr: { enabled: false, languages: 'eng' }, onProgress: () => undefined };
const parse = (input: Buffer) => new TextParser().parse(input, ctx);

describe('TextParser', () => {
  it('splits paragraphs at blank lines and page breaks, keeping line breaks inside them', async () => {
    const doc = await parse(
      Buffer.from('Chapter 1\r\n\r\nIt was a dark\r\nand stormy night.\r\n  \r\nThe end.\fNext page.'),
    );
    expect(doc).toMatchObject({ type: 'text', unitKind: 'none', encoding: 'utf-8' });
    expect(doc.blocks).toEqual([
      { kind: 'paragraph', text: 'Chapter 1', headingPath: [] },
      { kind: 'paragraph', text: 'It was a dark\nand stormy night.', headingPath: [] },
      { kind: 'paragraph', text: 'The end.', headingPath: [] },
      { kind: 'paragraph', text: 'Next page.', headingPath: [] },
    ]);
  });

  it('reports the encoding it decoded: UTF-16LE without BOM, Windows-1252', async () => {
    const utf16 = await parse(Buffer.from('This is a test document.\n\nDoylestown, PA', 'utf16le'));
    expect([utf16.encoding, utf16.blocks.map((b) => b.text)]).toEqual([
      'utf-16le',
      ['This is a test document.', 'Doylestown, PA'],
    ]);
    const legacy = await parse(iconv.encode('Café crème à 3,50 €', 'windows-1252'));
    expect([legacy.encoding, legacy.blocks[0].text]).toEqual(['windows-1252', 'Café crème à 3,50 €']);
  });
});
