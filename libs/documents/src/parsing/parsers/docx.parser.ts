import type * as Mammoth from 'mammoth';
import { newDocument, type DocumentParser, type ParseContext } from '../document-parser';
import { htmlToBlocks, type HtmlBlocks } from '../html-blocks';
import type { ParsedDocument } from '../parsed-document';
import { readZipEnd, readCentralDirectory, ZIP_TAIL_BYTES } from '../../detection/zip-directory';
import { docxMainPart, openDocx, readDocxStreaming } from './docx-stream.reader';

const STYLE_MAP = ["p[style-name='Title'] => h1:fresh", "p[style-name='Subtitle'] => h2:fresh"];

/**
 * Main parts larger than this are read by the streaming reader. mammoth holds a document as a tree and then
 * as HTML, some 30 to 75 times its XML in memory: 393 MB of RSS and 1.3 s for the corpus' 5 MB handbook,
 * against about 100 MB and 0.25 s streamed. Smaller documents keep mammoth, whose output the streaming
 * reader reproduces (the same blocks on every DOCX of the corpus, and the specs compare the two).
 */
export const DOCX_STREAM_ABOVE_BYTES = 4 * 1024 * 1024;

type MammothModule = typeof Mammoth;

/** mammoth takes 30 to 70 ms to load: only parser processes that meet a DOCX pay for it. */
async function loadMammoth(): Promise<MammothModule> {
  const mod = (await import('mammoth')) as unknown as MammothModule & { default?: MammothModule };
  return mod.default ?? mod;
}

/** The declared inflated size of the largest `word/*.xml` entry, from the zip's central directory. */
export function largestWordPart(input: Buffer): number {
  try {
    const tailOffset = Math.max(0, input.length - ZIP_TAIL_BYTES);
    const end = readZipEnd(input.subarray(tailOffset), tailOffset, input.length);
    if (!end) return 0;
    const entries = readCentralDirectory(input.subarray(end.offset, end.offset + end.size), end.entryCount);
    return Math.max(0, ...entries.filter((e) => /^word\/[^/]+\.xml$/i.test(e.name)).map((e) => e.uncompressedSize));
  } catch {
    return 0; // a damaged archive: mammoth says what is wrong with it
  }
}

/** Whether DocxParser reads this file with the streaming reader rather than mammoth. */
export function readsStreaming(input: Buffer): boolean {
  return largestWordPart(input) > DOCX_STREAM_ABOVE_BYTES;
}

async function viaMammoth(input: Buffer): Promise<HtmlBlocks> {
  const mammoth = await loadMammoth();
  // Images are never read: their bytes would be inlined as base64 only to be thrown away.
  const noImages = mammoth.images.imgElement(() => Promise.resolve({ src: '' }));
  const result = await mammoth.convertToHtml(
    { buffer: input },
    { styleMap: STYLE_MAP, convertImage: noImages, ignoreEmptyParagraphs: true, externalFileAccess: false },
  );
  return htmlToBlocks(result.value.replace(/ ?↑/g, ''), { mainOnly: false });
}

/**
 * DOCX through mammoth's semantic HTML (headings from the Heading/Title styles, lists, tables), read by the
 * same block writer as HTML; large documents through the streaming reader, which gives the same blocks
 * (see `readDocxStreaming`). DOCX has no reliable page numbers: positions are the heading path.
 */
export class DocxParser implements DocumentParser {
  readonly type = 'docx' as const;

  async parse(input: Buffer, _ctx: ParseContext): Promise<ParsedDocument> {
    const doc = newDocument('docx', 'none');
    let read: HtmlBlocks | undefined;
    if (readsStreaming(input)) {
      const zip = await openDocx(input);
      const main = await docxMainPart(zip);
      if (main) read = await readDocxStreaming(zip, main);
    }
    const { blocks, title } = read ?? (await viaMammoth(input));
    doc.blocks = blocks;
    doc.title = title;
    return doc;
  }
}
