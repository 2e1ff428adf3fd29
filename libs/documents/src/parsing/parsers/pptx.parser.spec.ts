import JSZip from 'jszip';
import type { ParseContext } from '../document-parser';
import { DocumentParseError, ParseFailure, type ParseProgress } from '../parsed-document';
import { PptxParser } from './pptx.parser';

const NS =
  'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" ' +
  'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ' +
  'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

const paragraphs = (lines: string[]) =>
  lines.map((l) => `<a:p><a:r><a:rPr lang="en-US"/><a:t>${esc(l)}</a:t></a:r></a:p>`).join('');
const shape = (lines: string[], placeholder?: string) =>
  `<p:sp><p:nvSpPr><p:cNvPr id="2" name="s"/><p:cNvSpPr/><p:nvPr>${placeholder ? `<p:ph type="${placeholder}"/>` : ''}</p:nvPr></p:nvSpPr>` +
  `<p:spPr/><p:txBody><a:bodyPr/>${paragraphs(lines)}</p:txBody></p:sp>`;
const group = (inner: string) =>
  `<p:grpSp><p:nvGrpSpPr><p:cNvPr id="9" name="g"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>${inner}</p:grpSp>`;
const tableFrame = (rows: string[][]) =>
  '<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="4" name="t"/><p:cNvGraphicFramePr/><p:nvPr/></p:nvGraphicFramePr><p:xfrm/>' +
  '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/table"><a:tbl>' +
  rows
    .map(
      (r) =>
        `<a:tr h="1">${r.map((c) => `<a:tc><a:txBody><a:bodyPr/>${paragraphs([c])}</a:txBody></a:tc>`).join('')}</a:tr>`,
    )
    .join('') +
  '</a:tbl></a:graphicData></a:graphic></p:graphicFrame>';

interface Slide {
  shapes: string;
  notes?: string;
}

/** A PPTX whose slide files are numbered in reverse of the presentation order, as after reordering slides. */
async function pptx(slides: Slide[]): Promise<Buffer> {
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
  );
  const ids = slides.map((_, i) => `<p:sldId id="${256 + i}" r:id="rId${i + 1}"/>`).join('');
  zip.file(
    'ppt/presentation.xml',
    `<?xml version="1.0"?><p:presentation ${NS}><p:sldIdLst>${ids}</p:sldIdLst></p:presentation>`,
  );
  const fileOf = (i: number) => slides.length - i;
  zip.file(
    'ppt/_rels/presentation.xml.rels',
    `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${slides
      .map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/slide" Target="slides/slide${fileOf(i)}.xml"/>`)
      .join('')}</Relationships>`,
  );
  slides.forEach((s, i) => {
    const n = fileOf(i);
    zip.file(
      `ppt/slides/slide${n}.xml`,
      `<?xml version="1.0"?><p:sld ${NS}><p:cSld><p:spTree>${s.shapes}</p:spTree></p:cSld></p:sld>`,
    );
    if (s.notes) {
      zip.file(
        `ppt/slides/_rels/slide${n}.xml.rels`,
        `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
          `<Relationship Id="rId9" Type="${REL}/notesSlide" Target="../notesSlides/notesSlide${n}.xml"/></Relationships>`,
      );
      zip.file(
        `ppt/notesSlides/notesSlide${n}.xml`,
        `<?xml version="1.0"?><p:notes ${NS}><p:cSld><p:spTree>${shape(['slide image'], 'sldImg')}${shape([s.notes], 'body')}${shape(['7'], 'sldNum')}</p:spTree></p:cSld></p:notes>`,
      );
    }
  });
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

function context(): ParseContext & { progress: ParseProgress[] } {
  const progress: ParseProgress[] = [];
  return { ocr: { enabled: false, languages: 'eng' }, onProgress: (p) => progress.push(p), progress };
}

describe('PptxParser', () => {
  it('reads slides in presentation order, the title as heading, body text and speaker notes by slide', async () => {
    const ctx = context();
    const doc = await new PptxParser().parse(
      await pptx([
        {
          shapes: shape(['Quarterly review'], 'ctrTitle') + shape(['Prepared by finance'], 'subTitle'),
          notes: 'Welcome everyone.',
        },
        {
          shapes: shape(['Revenue grew', 'Costs fell'], 'body') + shape(['Results'], 'title') + shape(['3'], 'sldNum'),
        },
      ]),
      ctx,
    );
    expect(doc).toMatchObject({ type: 'pptx', unitKind: 'slide', unitCount: 2, title: 'Quarterly review' });
    expect(doc.blocks).toEqual([
      { kind: 'heading', text: 'Quarterly review', level: 1, unit: 1, headingPath: ['Quarterly review'] },
      { kind: 'paragraph', text: 'Prepared by finance', unit: 1, headingPath: ['Quarterly review'] },
      { kind: 'notes', text: 'Welcome everyone.', unit: 1, headingPath: ['Quarterly review'] },
      { kind: 'heading', text: 'Results', level: 1, unit: 2, headingPath: ['Results'] },
      { kind: 'paragraph', text: 'Revenue grew\nCosts fell', unit: 2, headingPath: ['Results'] },
    ]);
    expect(ctx.progress).toEqual([
      { done: 1, total: 2 },
      { done: 2, total: 2 },
    ]);
  });

  it('reads text inside groups and tables as header-aware rows', async () => {
    const doc = await new PptxParser().parse(
      await pptx([
        {
          shapes:
            group(group(shape(['Nested note']))) +
            tableFrame([
              ['Region', 'Sales'],
              ['North', '10'],
              ['South', '12'],
            ]),
        },
      ]),
      context(),
    );
    expect(doc.blocks).toEqual([
      { kind: 'paragraph', text: 'Nested note', unit: 1, headingPath: [] },
      { kind: 'table', text: 'Region: North; Sales: 10\nRegion: South; Sales: 12', unit: 1, headingPath: [] },
    ]);
  });

  it('warns about a slide whose part is missing and keeps the others', async () => {
    const zip = await JSZip.loadAsync(
      await pptx([{ shapes: shape(['One'], 'title') }, { shapes: shape(['Two'], 'title') }]),
    );
    zip.remove('ppt/slides/slide2.xml'); // the first slide in presentation order
    const doc = await new PptxParser().parse(await zip.generateAsync({ type: 'nodebuffer' }), context());
    expect(doc.blocks.map((b) => [b.unit, b.text])).toEqual([[2, 'Two']]);
    expect(doc.warnings).toEqual(['slide 1 is missing from the file']);
  });

  it('fails a zip without a presentation part as Corrupt', async () => {
    const zip = new JSZip();
    zip.file('ppt/slides/slide1.xml', '<p:sld/>');
    const err = await new PptxParser()
      .parse(await zip.generateAsync({ type: 'nodebuffer' }), context())
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DocumentParseError);
    expect((err as DocumentParseError).reason).toBe(ParseFailure.Corrupt);
  });
});
