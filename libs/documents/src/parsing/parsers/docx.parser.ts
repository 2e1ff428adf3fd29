import type * as Mammoth from 'mammoth';
import { newDocument, type DocumentParser, type ParseContext } from '../document-parser';
import { htmlToBlocks } from '../html-blocks';
import type { ParsedDocument } from '../parsed-document';

const STYLE_MAP = ["p[style-name='Title'] => h1:fresh", "p[style-name='Subtitle'] => h2:fresh"];

type MammothModule = typeof Mammoth;

/** mammoth takes 30 to 70 ms to load: only parser processes that meet a DOCX pay for it. */
async function loadMammoth(): Promise<MammothModule> {
  const mod = (await import('mammoth')) as unknown as MammothModule & { default?: MammothModule };
  return mod.default ?? mod;
}

/**
 * DOCX through mammoth's semantic HTML (headings from the Heading/Title styles, lists, tables), read by the
 * same block writer as HTML. DOCX has no reliable page numbers: positions are the heading path.
 */
export class DocxParser implements DocumentParser {
  readonly type = 'docx' as const;

  async parse(input: Buffer, _ctx: ParseContext): Promise<ParsedDocument> {
    const doc = newDocument('docx', 'none');
    const mammoth = await loadMammoth();
    // Images are never read: their bytes would be inlined as base64 only to be thrown away.
    const noImages = mammoth.images.imgElement(() => Promise.resolve({ src: '' }));
    const result = await mammoth.convertToHtml(
      { buffer: input },
      { styleMap: STYLE_MAP, convertImage: noImages, ignoreEmptyParagraphs: true, externalFileAccess: false },
    );
    const { blocks, title } = await htmlToBlocks(result.value.replace(/ ?↑/g, ''), { mainOnly: false });
    doc.blocks = blocks;
    doc.title = title;
    return doc;
  }
}
