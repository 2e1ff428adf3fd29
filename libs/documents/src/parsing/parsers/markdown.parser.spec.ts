import * as iconv from 'iconv-lite';
import type { ParseContext } from '../document-parser';
import { MarkdownParser } from './markdown.parser';

const ctx: ParseContext = { ocr: { enabled: false, languages: 'eng' }, onProgress: () => undefined };
const parse = (md: string | Buffer) => new MarkdownParser().parse(Buffer.isBuffer(md) ? md : Buffer.from(md), ctx);

describe('MarkdownParser', () => {
  it('builds the heading path from ATX and setext headings', async () => {
    const doc = await parse(
      '---\ntitle: x\n---\nGuide\n=====\n\nIntro **bold** and [a link](https://x.y).\n\n## Setup {#setup}\n\nStep text.\n\n### Linux ###\n\nApt.\n\nUsage\n-----\n\nRun it.\n',
    );
    expect(doc).toMatchObject({ type: 'markdown', unitKind: 'none', title: 'Guide', encoding: 'utf-8' });
    expect(doc.blocks).toEqual([
      { kind: 'heading', text: 'Guide', level: 1, headingPath: ['Guide'] },
      { kind: 'paragraph', text: 'Intro bold and a link.', headingPath: ['Guide'] },
      { kind: 'heading', text: 'Setup', level: 2, headingPath: ['Guide', 'Setup'] },
      { kind: 'paragraph', text: 'Step text.', headingPath: ['Guide', 'Setup'] },
      { kind: 'heading', text: 'Linux', level: 3, headingPath: ['Guide', 'Setup', 'Linux'] },
      { kind: 'paragraph', text: 'Apt.', headingPath: ['Guide', 'Setup', 'Linux'] },
      { kind: 'heading', text: 'Usage', level: 2, headingPath: ['Guide', 'Usage'] },
      { kind: 'paragraph', text: 'Run it.', headingPath: ['Guide', 'Usage'] },
    ]);
  });

  it('keeps fenced code verbatim, including lines that look like headings', async () => {
    const doc = await parse('# Code\n\n```sh\n# not a heading\nnpm   install\n```\n\nAfter.\n');
    expect(doc.blocks.map((b) => [b.kind, b.text])).toEqual([
      ['heading', 'Code'],
      ['code', '# not a heading\nnpm   install'],
      ['paragraph', 'After.'],
    ]);
  });

  it('writes pipe tables as header-aware rows and lists as one block', async () => {
    const doc = await parse(
      '# T\n\n| Name | Role |\n|:-----|-----:|\n| Ada | `dev` |\n| Alan | ops |\n\n- one\n- two\n  continued\n  - nested\n\n1) first\n2) second\n',
    );
    expect(doc.blocks.slice(1).map((b) => [b.kind, b.text])).toEqual([
      ['table', 'Name: Ada; Role: dev\nName: Alan; Role: ops'],
      ['list', '- one\n- two continued\n  - nested\n1. first\n2. second'],
    ]);
  });

  it('decodes legacy encodings', async () => {
    const doc = await parse(iconv.encode('## können\n\nkönnen\n\näöüß\n', 'windows-1252'));
    expect([doc.encoding, doc.blocks.map((b) => b.text)]).toEqual(['windows-1252', ['können', 'können', 'äöüß']]);
  });
});
