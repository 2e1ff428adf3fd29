import { decodeText } from '../../detection/text-encoding';
import { NO_HEADINGS, newDocument, type DocumentParser, type ParseContext } from '../document-parser';
import type { ParsedDocument } from '../parsed-document';

/** Plain text: encoding detected (BOM, UTF-16 patterns, UTF-8, legacy guesses), paragraphs at blank lines. */
export class TextParser implements DocumentParser {
  readonly type = 'text' as const;

  async parse(input: Buffer, _ctx: ParseContext): Promise<ParsedDocument> {
    const doc = newDocument('text', 'none');
    const { text, encoding } = decodeText(input);
    doc.encoding = encoding;
    for (const paragraph of text.replace(/\r\n?/g, '\n').split(/\n[ \t]*\n|\f/)) {
      const trimmed = paragraph.replace(/^\s*\n|\s+$/g, '');
      if (trimmed.trim()) doc.blocks.push({ kind: 'paragraph', text: trimmed, headingPath: NO_HEADINGS });
    }
    return doc;
  }
}
