export type TextKind = 'html' | 'markdown' | 'csv' | 'text';

export const CSV_DELIMITERS = [',', ';', '\t', '|'] as const;
export type CsvDelimiter = (typeof CSV_DELIMITERS)[number];

const HTML_START = /<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>])/i;
const LINES_EXAMINED = 400;
const RECORDS_EXAMINED = 50;

/**
 * HTML when the text is markup (it starts with a tag, after any BOM, XML declaration and comments) and a
 * doctype, `<html>`, `<head>` or `<body>` shows up within its first 4 KiB.
 */
export function looksLikeHtml(text: string): boolean {
  const head = text.slice(0, 4096);
  const start = head.replace(/^(\ufeff|\s+|<\?xml[^>]*\?>|<!--[\s\S]*?-->)*/, '');
  return start.startsWith('<') && HTML_START.test(head);
}

/** Records of the sample, split on line breaks outside double quotes; a cut-off last record is dropped. */
function records(text: string, complete: boolean): string[] {
  const out: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < text.length && out.length < RECORDS_EXAMINED; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (!quoted && (c === 10 || c === 13)) {
      if (i > start) out.push(text.slice(start, i));
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
    }
  }
  if (complete && out.length < RECORDS_EXAMINED && start < text.length && !quoted) out.push(text.slice(start));
  return out.filter((r) => r.trim() !== '');
}

function countOutsideQuotes(record: string, delimiter: string): number {
  let n = 0;
  let quoted = false;
  for (const ch of record) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === delimiter) n++;
  }
  return n;
}

/**
 * The delimiter that splits (nearly) every record into the same number of fields, at least two; undefined
 * when none does, i.e. the text is not a table. A few ragged records are tolerated (a trailing note, a
 * malformed row).
 */
export function guessDelimiter(text: string, complete = true): CsvDelimiter | undefined {
  const recs = records(text, complete);
  if (recs.length < 2) return undefined;
  let best: { delimiter: CsvDelimiter; share: number; fields: number } | undefined;
  for (const delimiter of CSV_DELIMITERS) {
    const counts = recs.map((r) => countOutsideQuotes(r, delimiter));
    const freq = new Map<number, number>();
    for (const c of counts) freq.set(c, (freq.get(c) ?? 0) + 1);
    const [mode, times] = [...freq.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0];
    const share = times / recs.length;
    // Two-field "tables" need more agreement: prose has a comma per line often enough.
    // Tabs hardly occur in prose, so a tab table may be more ragged.
    const needed = delimiter === '\t' ? 0.6 : mode === 1 ? 0.9 : 0.8;
    if (mode < 1 || share < needed) continue;
    // The header decides ties: a real delimiter splits it like the rows.
    if (counts[0] !== mode) continue;
    if (!best || share > best.share || (share === best.share && mode > best.fields)) {
      best = { delimiter, share, fields: mode };
    }
  }
  return best?.delimiter;
}

const ATX_HEADING = /^ {0,3}#{1,6}[ \t]+\S/;
const SETEXT_UNDERLINE = /^ {0,3}(=+|-+)[ \t]*$/;
const LIST_ITEM = /^ {0,3}([-*+]|\d{1,9}[.)])[ \t]+\S/;
const LINK = /!?\[[^\]\n]+\]\([^)\s]+(\s+"[^"]*")?\)/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const TABLE_DIVIDER = /^ {0,3}\|?[ \t]*:?-{3,}:?[ \t]*(\|[ \t]*:?-{3,}:?[ \t]*)+\|?[ \t]*$/;
const INLINE = /(`[^`\n]+`|\*\*[^*\n]+\*\*|__[^_\n]+__)/;

/**
 * Markdown by its block syntax: a heading on the first line, a fenced code block, a table divider, or
 * headings together with lists, links or inline code. Lists or links alone are common in plain text.
 */
export function looksLikeMarkdown(text: string): boolean {
  const lines = text.split(/\r?\n/, LINES_EXAMINED);
  const firstContent = lines.find((l) => l.trim() !== '') ?? '';
  if (ATX_HEADING.test(firstContent)) return true;
  let headings = 0;
  let others = 0;
  let fenceOpen = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (FENCE.test(line)) {
      if (fenceOpen) return true;
      fenceOpen = true;
      continue;
    }
    if (fenceOpen) continue;
    if (TABLE_DIVIDER.test(line) && lines[i - 1]?.includes('|')) return true;
    if (ATX_HEADING.test(line)) headings++;
    else if (SETEXT_UNDERLINE.test(line) && i > 0 && lines[i - 1].trim() !== '' && !LIST_ITEM.test(lines[i - 1])) {
      headings++;
    } else if (LIST_ITEM.test(line) || LINK.test(line) || INLINE.test(line)) others++;
  }
  return headings >= 1 && (others >= 1 || headings >= 2);
}

/**
 * What kind of text a sample is: HTML, Markdown, a delimited table, or plain text. `complete` says
 * whether the sample is the whole file (else its last, possibly cut, line is ignored for CSV).
 */
export function classifyText(text: string, complete = true): TextKind {
  if (looksLikeHtml(text)) return 'html';
  if (looksLikeMarkdown(text)) return 'markdown';
  if (guessDelimiter(text, complete)) return 'csv';
  return 'text';
}
