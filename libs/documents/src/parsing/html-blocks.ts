import type { Parser } from 'htmlparser2';
import { NO_HEADINGS } from './document-parser';
import type { TextBlock } from './parsed-document';
import { tableText } from './table-text';

/** Page furniture and machinery, not the document's text. */
const DROPPED = new Set([
  'script',
  'style',
  'nav',
  'header',
  'footer',
  'aside',
  'form',
  'noscript',
  'template',
  'svg',
  'iframe',
  'object',
  'canvas',
  'select',
  'button',
]);
const HEADING = /^h([1-6])$/;
/** Elements that end the running paragraph. */
const BLOCK = new Set([
  'p',
  'div',
  'section',
  'article',
  'main',
  'blockquote',
  'figure',
  'figcaption',
  'dl',
  'dt',
  'dd',
  'address',
  'hr',
  'center',
  'details',
  'summary',
  'body',
  'caption',
  'fieldset',
  'legend',
]);

interface TableState {
  rows: string[][];
  /** Per row: which cells are `<th>`. */
  thCells: boolean[][];
  headerRows: number;
  row?: string[];
  rowTh?: boolean[];
  rowIsHeader: boolean;
  cell?: string;
  cellIsTh?: boolean;
}

interface ListState {
  ordered: boolean;
  counter: number;
}

export interface HtmlBlocks {
  blocks: TextBlock[];
  /** `<title>`, else the first top-level heading. */
  title?: string;
}

/** Collapses source whitespace; `\n` marks a `<br>` and survives. */
function tidy(text: string): string {
  return text
    .split('\n')
    .map((l) => l.replace(/[ \t\r\f\v\u00a0]+/g, ' ').trim())
    .filter(Boolean)
    .join('\n');
}

/**
 * Turns HTML into text blocks in reading order, streaming (no DOM): headings build the heading path, lists
 * and tables become one block each, `<pre>` a code block. With `mainOnly`, only `<main>` (or, without one,
 * the `<article>`s) is read, when the page has it.
 */
class HtmlBlockWriter {
  readonly blocks: TextBlock[] = [];
  title?: string;
  private titleText?: string;
  private firstH1?: string;
  private headings: { level: number; text: string }[] = [];
  private path: string[] = NO_HEADINGS;
  private text = '';
  /** Element nesting depth; htmlparser2 closes every element it opens, void and implied ones included. */
  private depth = 0;
  /** Depth of the dropped element being skipped. */
  private skipAt?: number;
  /** Depths of the open focus elements. */
  private focusAt: number[] = [];
  private preDepth = 0;
  private heading?: { level: number; text: string };
  private lists: ListState[] = [];
  private listLines: string[] = [];
  private tables: TableState[] = [];
  private inTitle = false;
  private itemPrefix?: string;

  constructor(private readonly focus: string | undefined) {}

  private get reading(): boolean {
    return this.skipAt === undefined && (this.focus === undefined || this.focusAt.length > 0);
  }

  open(name: string, attrs: Record<string, string>): void {
    const depth = ++this.depth;
    if (this.skipAt !== undefined) return;
    if (name === 'title') this.inTitle = true;
    // Hidden markup (display:none, `hidden`) is not what readers see: XBRL headers, templates, menus.
    if (DROPPED.has(name) || attrs.hidden !== undefined || /display\s*:\s*none/i.test(attrs.style ?? '')) {
      this.skipAt = depth;
      return;
    }
    if (this.focus && (name === this.focus || (this.focus === 'main' && attrs.role === 'main'))) {
      if (this.focusAt.length === 0) this.flushParagraph();
      this.focusAt.push(depth);
    }
    if (!this.reading) return;
    const h = HEADING.exec(name);
    if (h && this.tables.length === 0 && this.lists.length === 0) {
      this.flushParagraph();
      this.heading = { level: Number(h[1]), text: '' };
    } else if (name === 'br') this.append('\n');
    else if (name === 'pre') {
      if (this.preDepth++ === 0 && this.tables.length === 0 && this.lists.length === 0) this.flushParagraph();
    } else if (name === 'ul' || name === 'ol') {
      if (this.tables.length > 0) return;
      if (this.lists.length === 0) this.flushParagraph();
      else this.flushListItem();
      this.lists.push({ ordered: name === 'ol', counter: Number(attrs.start ?? 1) || 1 });
    } else if (name === 'li') {
      if (this.tables.length > 0 || this.lists.length === 0) return;
      this.flushListItem();
      const list = this.lists[this.lists.length - 1];
      const marker = list.ordered ? `${list.counter++}.` : '-';
      this.itemPrefix = `${'  '.repeat(this.lists.length - 1)}${marker} `;
    } else if (name === 'table') {
      if (this.tables.length === 0 && this.lists.length === 0) this.flushParagraph();
      this.tables.push({ rows: [], thCells: [], headerRows: 0, rowIsHeader: true });
    } else if (name === 'tr') {
      const t = this.table();
      if (t) {
        this.endRow(t);
        t.row = [];
        t.rowTh = [];
        t.rowIsHeader = true;
      }
    } else if (name === 'td' || name === 'th') {
      const t = this.table();
      if (t) {
        this.endCell(t);
        t.cell = '';
        t.cellIsTh = name === 'th';
        if (name === 'td') t.rowIsHeader = false;
      }
    } else if (BLOCK.has(name) || name === 'li') this.blockBoundary();
  }

  close(name: string): void {
    const depth = this.depth--;
    if (this.skipAt !== undefined) {
      if (depth === this.skipAt) this.skipAt = undefined;
      return;
    }
    if (name === 'title') this.inTitle = false;
    if (this.focusAt[this.focusAt.length - 1] === depth) {
      this.closeElement(name);
      this.focusAt.pop();
      if (this.focusAt.length === 0) this.flushParagraph();
      return;
    }
    if (this.reading) this.closeElement(name);
  }

  private closeElement(name: string): void {
    const h = HEADING.exec(name);
    if (h && this.heading) {
      this.emitHeading(this.heading);
      this.heading = undefined;
    } else if (name === 'pre') {
      if (--this.preDepth === 0 && this.tables.length === 0 && this.lists.length === 0) this.flushCode();
    } else if (name === 'ul' || name === 'ol') {
      if (this.tables.length > 0 || this.lists.length === 0) return;
      this.flushListItem();
      this.lists.pop();
      if (this.lists.length === 0) this.flushList();
    } else if (name === 'li') {
      if (this.tables.length === 0) this.flushListItem();
    } else if (name === 'td' || name === 'th') {
      const t = this.table();
      if (t) this.endCell(t);
    } else if (name === 'tr') {
      const t = this.table();
      if (t) this.endRow(t);
    } else if (name === 'table') {
      const t = this.tables.pop();
      if (!t) return;
      this.endRow(t);
      const text = htmlTableText(t);
      const outer = this.table();
      if (outer) {
        // A table inside a cell (layout tables) reads as that cell's text.
        outer.cell = `${outer.cell ?? ''} ${text.replace(/\n/g, '; ')}`;
      } else if (this.lists.length > 0) {
        this.append(` ${text.replace(/\n/g, '; ')}`);
      } else if (text) {
        this.blocks.push({ kind: 'table', text, headingPath: this.path });
      }
    } else if (BLOCK.has(name)) this.blockBoundary();
  }

  onText(raw: string): void {
    if (this.inTitle && this.skipAt === undefined) {
      this.titleText = (this.titleText ?? '') + raw;
      return;
    }
    if (!this.reading) return;
    const text = this.preDepth > 0 ? raw : raw.replace(/\s+/g, ' ');
    if (this.heading) this.heading.text += text;
    else this.append(text);
  }

  end(): void {
    if (this.heading) this.emitHeading(this.heading);
    while (this.tables.length > 0) this.closeElement('table');
    this.flushListItem();
    if (this.lists.length > 0) {
      this.lists = [];
      this.flushList();
    }
    if (this.preDepth > 0) this.flushCode();
    this.flushParagraph();
    this.title = tidy(this.titleText ?? '').replace(/\n/g, ' ') || this.firstH1;
  }

  private table(): TableState | undefined {
    return this.tables[this.tables.length - 1];
  }

  private append(text: string): void {
    const t = this.table();
    if (t) {
      if (t.cell !== undefined) t.cell += text;
    } else this.text += text;
  }

  private endCell(t: TableState): void {
    if (t.cell === undefined) return;
    (t.row ??= []).push(tidy(t.cell).replace(/\n/g, ' '));
    (t.rowTh ??= []).push(t.cellIsTh === true);
    t.cell = undefined;
  }

  private endRow(t: TableState): void {
    this.endCell(t);
    if (!t.row) return;
    if (t.row.length > 0) {
      // Header rows count only while they lead the table.
      if (t.rowIsHeader && t.headerRows === t.rows.length) t.headerRows++;
      t.rows.push(t.row);
      t.thCells.push(t.rowTh ?? []);
    }
    t.row = undefined;
    t.rowTh = undefined;
  }

  private blockBoundary(): void {
    if (this.tables.length > 0) this.append('\n');
    else if (this.lists.length > 0) this.append(' ');
    else if (this.preDepth === 0) this.flushParagraph();
  }

  private emitHeading(h: { level: number; text: string }): void {
    const text = tidy(h.text).replace(/\n/g, ' ');
    if (!text) return;
    while (this.headings.length > 0 && this.headings[this.headings.length - 1].level >= h.level) this.headings.pop();
    this.headings.push({ level: h.level, text });
    this.path = this.headings.map((x) => x.text);
    if (h.level === 1 && this.firstH1 === undefined) this.firstH1 = text;
    this.blocks.push({ kind: 'heading', text, level: h.level, headingPath: this.path });
  }

  private flushParagraph(): void {
    const text = tidy(this.text);
    this.text = '';
    if (text) this.blocks.push({ kind: 'paragraph', text, headingPath: this.path });
  }

  private flushCode(): void {
    const text = this.text.replace(/^\n+|\s+$/g, '');
    this.text = '';
    if (text.trim()) this.blocks.push({ kind: 'code', text, headingPath: this.path });
  }

  private flushListItem(): void {
    const body = tidy(this.text).replace(/\n/g, ' ');
    this.text = '';
    if (body) this.listLines.push(`${this.itemPrefix ?? ''}${body}`);
    this.itemPrefix = undefined;
  }

  private flushList(): void {
    if (this.listLines.length > 0) {
      this.blocks.push({ kind: 'list', text: this.listLines.join('\n'), headingPath: this.path });
    }
    this.listLines = [];
  }
}

/**
 * A table whose rows each start with a `<th>` label (infoboxes, property sheets) reads as `Label: value`;
 * any other table as header-aware rows.
 */
function htmlTableText(t: TableState): string {
  const labelled = t.rows.map((cells, i) => {
    const th = t.thCells[i];
    return cells.length >= 2 && th[0] && !th.slice(1).some(Boolean);
  });
  const withText = t.rows.filter((r) => r.some(Boolean)).length;
  if (t.headerRows === 0 && withText > 0 && labelled.filter(Boolean).length >= withText * 0.6) {
    return t.rows
      .map((cells, i) => {
        const values = cells.slice(labelled[i] ? 1 : 0).filter(Boolean);
        if (!labelled[i] || !cells[0]) return values.join('; ');
        return values.length > 0 ? `${cells[0]}: ${values.join('; ')}` : cells[0];
      })
      .filter(Boolean)
      .join('\n');
  }
  return tableText(t.rows, t.headerRows || 1);
}

/**
 * The block writer fed with element events directly, for readers that stream another format as if it were
 * HTML (the large-DOCX reader): `open`/`close` per element, `text` per text run, then `end()`.
 */
export interface HtmlEventSink {
  open(name: string, attrs?: Record<string, string>): void;
  close(name: string): void;
  text(text: string): void;
  /** Flushes what is open; the blocks and title are final after it. */
  end(): HtmlBlocks;
}

export function htmlEventSink(): HtmlEventSink {
  const writer = new HtmlBlockWriter(undefined);
  const none: Record<string, string> = {};
  return {
    open: (name, attrs) => writer.open(name, attrs ?? none),
    close: (name) => writer.close(name),
    text: (text) => writer.onText(text),
    end: () => {
      writer.end();
      return { blocks: writer.blocks, title: writer.title };
    },
  };
}

/** Which element holds the page's main text, if the page marks one. */
function focusOf(html: string): string | undefined {
  if (/<main[\s>]|role\s*=\s*["']?main\b/i.test(html)) return 'main';
  if (/<article[\s>]/i.test(html)) return 'article';
  return undefined;
}

type ParserClass = typeof Parser;
let parserClass: Promise<ParserClass> | undefined;

/** htmlparser2 takes some 40 ms to load: only parser processes that meet HTML or DOCX pay for it. */
function loadParser(): Promise<ParserClass> {
  parserClass ??= import('htmlparser2').then((mod) => mod.Parser);
  return parserClass;
}

function run(Parser: ParserClass, html: string, focus: string | undefined): HtmlBlockWriter {
  const writer = new HtmlBlockWriter(focus);
  const parser = new Parser(
    {
      onopentag: (name, attrs) => writer.open(name, attrs),
      onclosetag: (name) => writer.close(name),
      ontext: (text) => writer.onText(text),
    },
    { decodeEntities: true, lowerCaseTags: true, recognizeSelfClosing: true },
  );
  parser.write(html);
  parser.end();
  writer.end();
  return writer;
}

/**
 * Text blocks of an HTML document. `mainOnly` reads only `<main>`/`<article>` when the page has them (web
 * pages); converted documents (DOCX through mammoth) are read whole.
 */
export async function htmlToBlocks(html: string, options: { mainOnly: boolean }): Promise<HtmlBlocks> {
  const Parser = await loadParser();
  const focus = options.mainOnly ? focusOf(html) : undefined;
  let writer = run(Parser, html, focus);
  // The markup matched but held no text (a <main> inside a script string, an empty shell): read it all.
  if (focus && !writer.blocks.some((b) => b.kind !== 'heading')) writer = run(Parser, html, undefined);
  return { blocks: writer.blocks, title: writer.title };
}
