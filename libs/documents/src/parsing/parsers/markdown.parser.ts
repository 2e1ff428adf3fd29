import { decodeText } from '../../detection/text-encoding';
import { NO_HEADINGS, newDocument, type DocumentParser, type ParseContext } from '../document-parser';
import type { BlockKind, ParsedDocument } from '../parsed-document';
import { tableText } from '../table-text';

const FENCE = /^( {0,3})(`{3,}|~{3,})/;
const ATX = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const SETEXT = /^ {0,3}(=+|-+)[ \t]*$/;
const THEMATIC_BREAK = /^ {0,3}([-*_])([ \t]*\1){2,}[ \t]*$/;
const LIST_ITEM = /^([ \t]*)([-*+]|\d{1,9}[.)])[ \t]+(.*)$/;
const TABLE_DIVIDER = /^ {0,3}\|?[ \t]*:?-{1,}:?[ \t]*(\|[ \t]*:?-{1,}:?[ \t]*)*\|?[ \t]*$/;
const LINK_DEFINITION = /^ {0,3}\[[^\]]+\]:\s*\S+/;

/** Inline markup to plain text: link and image text kept, URLs, emphasis markers, code ticks and tags dropped. */
export function inlineText(text: string): string {
  return text
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1')
    .replace(/<(https?:\/\/[^>\s]+)>/g, '$1')
    .replace(/<\/?[a-zA-Z][^>]*>/g, '')
    .replace(/(\*\*|__|~~)(?=\S)([^\n]*?\S)\1/g, '$2')
    .replace(/(^|[^\w*])\*(?=\S)([^*\n]*?\S)\*(?!\w)/g, '$1$2')
    .replace(/`+([^`\n]+?)`+/g, '$1')
    .replace(/\\([\\`*_{}[\]()#+\-.!|>])/g, '$1');
}

function splitRow(line: string): string[] {
  let row = line.trim();
  if (row.startsWith('|')) row = row.slice(1);
  if (row.endsWith('|') && !row.endsWith('\\|')) row = row.slice(0, -1);
  return row.split(/(?<!\\)\|/).map((c) => inlineText(c.trim()));
}

/**
 * Markdown, read line by line: ATX and setext headings build the heading path, fenced code becomes `code`,
 * pipe tables become header-aware rows, lists one block each, the rest paragraphs with inline markup removed.
 */
export class MarkdownParser implements DocumentParser {
  readonly type = 'markdown' as const;

  async parse(input: Buffer, _ctx: ParseContext): Promise<ParsedDocument> {
    const doc = newDocument('markdown', 'none');
    const { text, encoding } = decodeText(input);
    doc.encoding = encoding;
    const lines = text.replace(/\r\n?/g, '\n').split('\n');
    const headings: { level: number; text: string }[] = [];
    let headingPath: string[] = NO_HEADINGS;
    let paragraph: string[] = [];
    let listLines: string[] = [];

    const push = (kind: BlockKind, body: string) => {
      if (body.trim()) doc.blocks.push({ kind, text: body, headingPath });
    };
    const flushParagraph = () => {
      push(
        'paragraph',
        paragraph
          .map((l) => inlineText(l.trim()))
          .filter(Boolean)
          .join('\n'),
      );
      paragraph = [];
    };
    const flushList = () => {
      push('list', listLines.join('\n'));
      listLines = [];
    };
    const heading = (level: number, raw: string) => {
      // Pandoc-style attributes ("{#id .class}") are markup.
      const title = inlineText(raw.replace(/\s*\{[#.][^}]*\}\s*$/, '').trim());
      if (!title) return;
      while (headings.length > 0 && headings[headings.length - 1].level >= level) headings.pop();
      headings.push({ level, text: title });
      headingPath = headings.map((h) => h.text);
      if (level === 1) doc.title ??= title;
      doc.blocks.push({ kind: 'heading', text: title, level, headingPath });
    };

    let i = 0;
    // YAML front matter is metadata, not text.
    if (lines[0] === '---') {
      const end = lines.findIndex((l, k) => k > 0 && (l === '---' || l === '...'));
      if (end > 0) i = end + 1;
    }
    for (; i < lines.length; i++) {
      const line = lines[i];
      const fence = FENCE.exec(line);
      if (fence) {
        flushParagraph();
        flushList();
        const marker = fence[2];
        const code: string[] = [];
        for (i++; i < lines.length && !lines[i].trimStart().startsWith(marker); i++) code.push(lines[i]);
        push('code', code.join('\n').replace(/\s+$/, ''));
        continue;
      }
      if (line.trim() === '') {
        flushParagraph();
        // A list survives blank lines between its items.
        if (listLines.length > 0 && !LIST_ITEM.test(lines[i + 1] ?? '') && !/^[ \t]{2,}\S/.test(lines[i + 1] ?? '')) {
          flushList();
        }
        continue;
      }
      const atx = ATX.exec(line);
      if (atx) {
        flushParagraph();
        flushList();
        heading(atx[1].length, atx[2] ?? '');
        continue;
      }
      const setext = SETEXT.exec(line);
      if (setext && paragraph.length > 0 && listLines.length === 0) {
        const text = paragraph.join(' ');
        paragraph = [];
        heading(setext[1].startsWith('=') ? 1 : 2, text);
        continue;
      }
      if (THEMATIC_BREAK.test(line)) {
        flushParagraph();
        flushList();
        continue;
      }
      if (line.includes('|') && TABLE_DIVIDER.test(lines[i + 1] ?? '') && (lines[i + 1] ?? '').includes('-')) {
        flushParagraph();
        flushList();
        const rows = [splitRow(line)];
        for (i += 2; i < lines.length && lines[i].includes('|') && lines[i].trim() !== ''; i++)
          rows.push(splitRow(lines[i]));
        i--;
        push('table', tableText(rows));
        continue;
      }
      const item = LIST_ITEM.exec(line);
      if (item) {
        flushParagraph();
        const depth = Math.floor(item[1].replace(/\t/g, '    ').length / 2);
        const marker = /\d/.test(item[2]) ? item[2].replace(')', '.') : '-';
        listLines.push(`${'  '.repeat(depth)}${marker} ${inlineText(item[3].trim())}`);
        continue;
      }
      if (listLines.length > 0 && /^[ \t]+\S/.test(line)) {
        listLines[listLines.length - 1] += ` ${inlineText(line.trim())}`;
        continue;
      }
      if (LINK_DEFINITION.test(line) && paragraph.length === 0) continue;
      flushList();
      paragraph.push(line.replace(/^ {0,3}>[ \t]?/, ''));
    }
    flushParagraph();
    flushList();
    return doc;
  }
}
