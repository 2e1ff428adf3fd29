import { decodeText } from '../../detection/text-encoding';
import { newDocument, type DocumentParser, type ParseContext } from '../document-parser';
import { htmlToBlocks } from '../html-blocks';
import type { ParsedDocument } from '../parsed-document';

/** `<meta charset>` or `<meta http-equiv="Content-Type" content="...; charset=...">`, within the first KiBs. */
export function declaredCharset(head: Buffer): string | undefined {
  const text = head.toString('latin1', 0, Math.min(head.length, 8192));
  return /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(text)?.[1];
}

/**
 * HTML through htmlparser2: the main text only (navigation, headers, footers, asides, forms and scripts
 * dropped; `<main>` or `<article>` preferred when present), headings building the heading path, tables as
 * header-aware rows. Charset from the BOM, then the meta declaration, then detection.
 */
export class HtmlParser implements DocumentParser {
  readonly type = 'html' as const;

  async parse(input: Buffer, _ctx: ParseContext): Promise<ParsedDocument> {
    const doc = newDocument('html', 'none');
    const { text, encoding } = decodeText(input, { declared: declaredCharset(input) });
    doc.encoding = encoding;
    const { blocks, title } = await htmlToBlocks(text, { mainOnly: true });
    doc.blocks = blocks;
    doc.title = title;
    return doc;
  }
}
