import JSZip from 'jszip';
import type { ParseContext } from '../document-parser';
import { DocxParser } from './docx.parser';

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

const p = (text: string, style?: string) =>
  `<w:p>${style ? `<w:pPr><w:pStyle w:val="${style}"/></w:pPr>` : ''}<w:r><w:t xml:space="preserve">${esc(text)}</w:t></w:r></w:p>`;
const item = (text: string, numId: number, level = 0) =>
  `<w:p><w:pPr><w:numPr><w:ilvl w:val="${level}"/><w:numId w:val="${numId}"/></w:numPr></w:pPr><w:r><w:t>${esc(text)}</w:t></w:r></w:p>`;
const table = (rows: string[][]) =>
  `<w:tbl>${rows.map((r) => `<w:tr>${r.map((c) => `<w:tc>${p(c)}</w:tc>`).join('')}</w:tr>`).join('')}</w:tbl>`;

/** A DOCX with styles for Title and Heading1/2, a bullet list (numId 1) and a numbered list (numId 2). */
async function docx(body: string): Promise<Buffer> {
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
      '</Types>',
  );
  zip.file(
    '_rels/.rels',
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>' +
      '</Relationships>',
  );
  zip.file(
    'word/_rels/document.xml.rels',
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>' +
      '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>' +
      '</Relationships>',
  );
  const style = (id: string, name: string) =>
    `<w:style w:type="paragraph" w:styleId="${id}"><w:name w:val="${name}"/></w:style>`;
  zip.file(
    'word/styles.xml',
    `<?xml version="1.0"?><w:styles xmlns:w="${W}">${style('Title', 'Title')}${style('Heading1', 'heading 1')}${style('Heading2', 'heading 2')}</w:styles>`,
  );
  const abstract = (id: number, fmt: string) =>
    `<w:abstractNum w:abstractNumId="${id}"><w:lvl w:ilvl="0"><w:numFmt w:val="${fmt}"/></w:lvl><w:lvl w:ilvl="1"><w:numFmt w:val="${fmt}"/></w:lvl></w:abstractNum>`;
  zip.file(
    'word/numbering.xml',
    `<?xml version="1.0"?><w:numbering xmlns:w="${W}">${abstract(0, 'bullet')}${abstract(1, 'decimal')}` +
      '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num></w:numbering>',
  );
  zip.file(
    'word/document.xml',
    `<?xml version="1.0"?><w:document xmlns:w="${W}"><w:body>${body}</w:body></w:document>`,
  );
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

const ctx: ParseContext = { ocr: { enabled: false, languages: 'eng' }, onProgress: () => undefined };

describe('DocxParser', () => {
  it('builds the heading path from Title and Heading styles', async () => {
    const doc = await new DocxParser().parse(
      await docx(
        p('Handbook', 'Title') +
          p('Intro text.') +
          p('Scope', 'Heading1') +
          p('Limits', 'Heading2') +
          p('Details.') +
          p('Costs', 'Heading1') +
          p('Money.'),
      ),
      ctx,
    );
    expect(doc).toMatchObject({ type: 'docx', unitKind: 'none', title: 'Handbook' });
    expect(doc.blocks).toEqual([
      { kind: 'heading', text: 'Handbook', level: 1, headingPath: ['Handbook'] },
      { kind: 'paragraph', text: 'Intro text.', headingPath: ['Handbook'] },
      { kind: 'heading', text: 'Scope', level: 1, headingPath: ['Scope'] },
      { kind: 'heading', text: 'Limits', level: 2, headingPath: ['Scope', 'Limits'] },
      { kind: 'paragraph', text: 'Details.', headingPath: ['Scope', 'Limits'] },
      { kind: 'heading', text: 'Costs', level: 1, headingPath: ['Costs'] },
      { kind: 'paragraph', text: 'Money.', headingPath: ['Costs'] },
    ]);
  });

  it('keeps lists as one block with their nesting and numbering', async () => {
    const doc = await new DocxParser().parse(
      await docx(
        item('Apples', 1) +
          item('Green ones', 1, 1) +
          item('Pears', 1) +
          p('Steps:') +
          item('Wash', 2) +
          item('Eat', 2),
      ),
      ctx,
    );
    expect(doc.blocks).toEqual([
      { kind: 'list', text: '- Apples\n  - Green ones\n- Pears', headingPath: [] },
      { kind: 'paragraph', text: 'Steps:', headingPath: [] },
      { kind: 'list', text: '1. Wash\n2. Eat', headingPath: [] },
    ]);
  });

  it('writes tables as header-aware rows', async () => {
    const doc = await new DocxParser().parse(
      await docx(
        p('Prices', 'Heading1') +
          table([
            ['Item', 'Price'],
            ['Tea', '2.50'],
            ['Cake', ''],
          ]),
      ),
      ctx,
    );
    expect(doc.blocks[1]).toEqual({
      kind: 'table',
      text: 'Item: Tea; Price: 2.50\nItem: Cake',
      headingPath: ['Prices'],
    });
  });
});
