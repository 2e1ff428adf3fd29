import { spawnSync } from 'node:child_process';
import { pdfWithPages } from '../../../../../test/support/document-fixtures';
import { PdftotextGaveUp, PdftotextTooMuchText, pageParagraphs, runPdftotext, splitHtmlMeta } from './pdftotext';

const PDFTOTEXT_INSTALLED = spawnSync('pdftotext', ['-v']).status === 0;
const itWithPdftotext: jest.It = PDFTOTEXT_INSTALLED
  ? it
  : (((name: string, fn?: jest.ProvidesCallback) =>
      it.skip(`${name} [skipped: poppler-utils (pdftotext) is not installed]`, fn)) as unknown as jest.It);

describe('pdftotext output', () => {
  it('splits -htmlmeta output into pages and an unescaped title, the text left as written', () => {
    const out =
      '<html><head>\n<title>R&amp;D &lt;2024&gt;</title>\n</head>\n<body>\n<pre>\n' +
      'Page one & <more>\n\n\fPage two\n\f\f</pre>\n</body>\n</html>\n';
    expect(splitHtmlMeta(out)).toEqual({ title: 'R&D <2024>', pages: ['Page one & <more>\n\n', 'Page two\n', ''] });
    expect(splitHtmlMeta('<html><head>\n</head><body>\n<pre>\n\f</pre>')).toEqual({ title: undefined, pages: [''] });
    expect(() => splitHtmlMeta('garbage')).toThrow(PdftotextGaveUp);
  });

  it('makes paragraphs of blank-line separated blocks, joining words hyphenated across lines', () => {
    expect(pageParagraphs('A long hyphen-\nated word\nand  a line\n\n  \nNext block\n\n')).toEqual([
      'A long hyphenated word\nand a line',
      'Next block',
    ]);
    expect(pageParagraphs('\n \n')).toEqual([]);
  });

  itWithPdftotext('reads a PDF from its bytes, one entry per page, a page without text empty', async () => {
    const out = await runPdftotext(pdfWithPages([['Page one text'], [], ['Page three text']]));
    expect(out.pages.map((p) => p.trim())).toEqual(['Page one text', '', 'Page three text']);
  });

  itWithPdftotext('stops past the output ceiling', async () => {
    const pdf = pdfWithPages([Array.from({ length: 40 }, (_, i) => `A line of text number ${i}`)]);
    await expect(runPdftotext(pdf, { maxOutputBytes: 100 })).rejects.toBeInstanceOf(PdftotextTooMuchText);
  });

  itWithPdftotext('gives up on bytes that are no PDF (the caller tries pdf.js)', async () => {
    await expect(runPdftotext(Buffer.from('%PDF-1.7\nnothing else here'))).rejects.toBeInstanceOf(PdftotextGaveUp);
  });
});
