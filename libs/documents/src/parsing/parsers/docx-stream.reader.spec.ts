import JSZip from 'jszip';
import type { ParseContext } from '../document-parser';
import { DocxParser, readsStreaming } from './docx.parser';
import { docxMainPart, openDocx, readDocxStreaming } from './docx-stream.reader';

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

const run = (text: string) => `<w:r><w:t xml:space="preserve">${esc(text)}</w:t></w:r>`;
const p = (text: string, style?: string) =>
  `<w:p>${style ? `<w:pPr><w:pStyle w:val="${style}"/></w:pPr>` : ''}${run(text)}</w:p>`;
const item = (text: string, numId: number, level = 0) =>
  `<w:p><w:pPr><w:numPr><w:ilvl w:val="${level}"/><w:numId w:val="${numId}"/></w:numPr></w:pPr>${run(text)}</w:p>`;
const cell = (content: string, props = '') => `<w:tc>${props ? `<w:tcPr>${props}</w:tcPr>` : ''}${content}</w:tc>`;
const row = (cells: string[], props = '') =>
  `<w:tr>${props ? `<w:trPr>${props}</w:trPr>` : ''}${cells.join('')}</w:tr>`;
const table = (rows: string[]) => `<w:tbl><w:tblPr/><w:tblGrid/>${rows.join('')}</w:tbl>`;

/**
 * A DOCX with Title, Subtitle and Heading1/2 styles, a bullet list (numId 1), a numbered list (numId 2) and
 * footnotes; `prefix` writes the WordprocessingML namespace under another prefix, as some generators do.
 */
async function docx(body: string, footnotes: string[] = [], prefix = 'w'): Promise<Buffer> {
  const zip = new JSZip();
  zip.file(
    '_rels/.rels',
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      `<Relationship Id="rId1" Type="${REL}/officeDocument" Target="word/document.xml"/></Relationships>`,
  );
  zip.file(
    'word/_rels/document.xml.rels',
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      `<Relationship Id="rId1" Type="${REL}/styles" Target="styles.xml"/>` +
      `<Relationship Id="rId2" Type="${REL}/numbering" Target="numbering.xml"/>` +
      `<Relationship Id="rId3" Type="${REL}/footnotes" Target="footnotes.xml"/></Relationships>`,
  );
  const style = (id: string, name: string) =>
    `<w:style w:type="paragraph" w:styleId="${id}"><w:name w:val="${name}"/></w:style>`;
  zip.file(
    'word/styles.xml',
    `<?xml version="1.0"?><w:styles xmlns:w="${W}">${style('Title', 'Title')}${style('Subtitle', 'Subtitle')}` +
      `${style('Heading1', 'heading 1')}${style('Heading2', 'heading 2')}${style('Custom7', 'Heading 3')}</w:styles>`,
  );
  const abstract = (id: number, fmt: string) =>
    `<w:abstractNum w:abstractNumId="${id}"><w:lvl w:ilvl="0"><w:numFmt w:val="${fmt}"/></w:lvl><w:lvl w:ilvl="1"><w:numFmt w:val="${fmt}"/></w:lvl></w:abstractNum>`;
  zip.file(
    'word/numbering.xml',
    `<?xml version="1.0"?><w:numbering xmlns:w="${W}">${abstract(0, 'bullet')}${abstract(1, 'decimal')}` +
      '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num></w:numbering>',
  );
  zip.file(
    'word/footnotes.xml',
    `<?xml version="1.0"?><w:footnotes xmlns:w="${W}">` +
      '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>' +
      footnotes.map((text, i) => `<w:footnote w:id="${i + 1}">${p(text)}</w:footnote>`).join('') +
      '</w:footnotes>',
  );
  let xml = `<?xml version="1.0"?><w:document xmlns:w="${W}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:v="urn:schemas-microsoft-com:vml"><w:body>${body}</w:body></w:document>`;
  if (prefix !== 'w')
    xml = xml
      .replace(/(<\/?)w:/g, `$1${prefix}:`)
      .replace(/ w:/g, ` ${prefix}:`)
      .replace('xmlns:w=', `xmlns:${prefix}=`);
  zip.file('word/document.xml', xml);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

const ctx: ParseContext = { ocr: { enabled: false, languages: 'eng' }, onProgress: () => undefined };

async function streamed(input: Buffer) {
  const zip = await openDocx(input);
  return readDocxStreaming(zip, (await docxMainPart(zip))!);
}

/** What mammoth gives for the same file (the documents here are small: DocxParser reads them with mammoth). */
async function viaMammoth(input: Buffer) {
  const doc = await new DocxParser().parse(input, ctx);
  return { blocks: doc.blocks, title: doc.title };
}

describe('readDocxStreaming', () => {
  it('builds headings from the Title, Subtitle and Heading styles (by id and by name), as mammoth does', async () => {
    const input = await docx(
      p('Handbook', 'Title') +
        p('A subtitle', 'Subtitle') +
        p('Intro.') +
        p('Scope', 'Heading1') +
        p('Limits', 'Heading2') +
        p('Named', 'Custom7') +
        p('Details.'),
    );
    const out = await streamed(input);
    expect(out).toEqual(await viaMammoth(input));
    expect(out.title).toBe('Handbook');
    expect(out.blocks.map((b) => [b.kind, b.text, b.headingPath])).toEqual([
      ['heading', 'Handbook', ['Handbook']],
      ['heading', 'A subtitle', ['Handbook', 'A subtitle']],
      ['paragraph', 'Intro.', ['Handbook', 'A subtitle']],
      ['heading', 'Scope', ['Scope']],
      ['heading', 'Limits', ['Scope', 'Limits']],
      ['heading', 'Named', ['Scope', 'Limits', 'Named']],
      ['paragraph', 'Details.', ['Scope', 'Limits', 'Named']],
    ]);
  });

  it('keeps nested and numbered lists as one block each; an empty paragraph does not end a list', async () => {
    const input = await docx(
      item('Apples', 1) +
        item('Green ones', 1, 1) +
        '<w:p/>' +
        item('Pears', 1) +
        p('Steps:') +
        item('Wash', 2) +
        item('Eat', 2),
    );
    const out = await streamed(input);
    expect(out).toEqual(await viaMammoth(input));
    expect(out.blocks.map((b) => b.text)).toEqual(['- Apples\n  - Green ones\n- Pears', 'Steps:', '1. Wash\n2. Eat']);
  });

  it('writes tables with header rows, drops merged-away cells and deleted rows', async () => {
    const input = await docx(
      table([
        row([cell(p('Item')), cell(p('Price'))], '<w:tblHeader/>'),
        row([cell(p('Tea'), '<w:vMerge w:val="restart"/>'), cell(p('2.50'))]),
        row([cell('<w:p/>', '<w:vMerge/>'), cell(p('3.00'))]),
        row([cell(p('Gone')), cell(p('1.00'))], '<w:del w:id="1" w:author="a" w:date="2024-01-01T00:00:00Z"/>'),
      ]),
    );
    const out = await streamed(input);
    expect(out).toEqual(await viaMammoth(input));
    expect(out.blocks).toEqual([{ kind: 'table', text: 'Item: Tea; Price: 2.50\nItem: 3.00', headingPath: [] }]);
  });

  it('reads what mammoth reads: inserted text, fallbacks, text boxes after their paragraph, line breaks, footnotes', async () => {
    const input = await docx(
      '<w:p><w:r><w:t>Kept</w:t></w:r><w:del><w:r><w:delText>deleted</w:delText></w:r></w:del>' +
        '<w:ins><w:r><w:t xml:space="preserve"> and inserted</w:t></w:r></w:ins>' +
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r>' +
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t xml:space="preserve"> 7</w:t></w:r>' +
        '<w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:footnoteReference w:id="1"/></w:r></w:p>' +
        '<w:p><w:r><w:t>Line one</w:t><w:br/><w:t>line two</w:t><w:br w:type="page"/></w:r>' +
        '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:t>choice</w:t></w:drawing></mc:Choice>' +
        `<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>${p('In a box')}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>` +
        '</mc:AlternateContent></w:r></w:p>',
      ['A note.'],
    );
    const out = await streamed(input);
    expect(out).toEqual(await viaMammoth(input));
    expect(out.blocks.map((b) => b.text)).toEqual([
      'Kept and inserted 7[1]',
      'Line one\nline two',
      'In a box',
      '1. A note.',
    ]);
  });

  it('reads a document whose WordprocessingML prefix is not w', async () => {
    const input = await docx(p('Scope', 'Heading1') + p('Text.'), [], 'ns0');
    expect((await streamed(input)).blocks).toEqual([
      { kind: 'heading', text: 'Scope', level: 1, headingPath: ['Scope'] },
      { kind: 'paragraph', text: 'Text.', headingPath: ['Scope'] },
    ]);
  });

  it('is what DocxParser uses for a large document', async () => {
    const paragraphs = Array.from({ length: 60_000 }, (_, i) => p(`Paragraph ${i} of a long handbook.`)).join('');
    const input = await docx(p('Big', 'Heading1') + paragraphs);
    expect([readsStreaming(input), readsStreaming(await docx(p('Small.')))]).toEqual([true, false]);
    const doc = await new DocxParser().parse(input, ctx);
    expect(doc.blocks).toHaveLength(60_001);
    expect(doc.blocks).toEqual((await streamed(input)).blocks);
  });
});
