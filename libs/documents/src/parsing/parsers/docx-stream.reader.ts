import { posix } from 'node:path';
import type JSZip from 'jszip';
import type { Parser } from 'htmlparser2';
import { htmlEventSink, type HtmlBlocks, type HtmlEventSink } from '../html-blocks';
import { DocumentParseError, ParseFailure } from '../parsed-document';

/**
 * A DOCX read as a stream of XML events (jszip inflating the main part chunk by chunk into htmlparser2 in
 * XML mode) and turned into the same element events mammoth's HTML would give the block writer: headings
 * from the Heading/Title/Subtitle styles, lists from the numbering definitions, tables with their header
 * rows, line breaks, footnote and endnote markers with the notes listed at the end. mammoth builds the whole
 * document as a tree, then as HTML: on an 800-page handbook that is some 400 MB and two seconds; this holds
 * one paragraph at a time and the blocks written so far.
 *
 * It follows mammoth's reading rules (body-reader.js): only the elements mammoth reads are read (deleted
 * text, field codes, drawings, math and `mc:Choice` branches are not), text boxes come after the paragraph
 * that anchors them, merged-away table cells are dropped, and an empty paragraph does not end a list.
 */

type ParserClass = typeof Parser;
type JSZipModule = typeof JSZip;

const NAMESPACES: Record<string, string> = {
  'http://schemas.openxmlformats.org/wordprocessingml/2006/main': 'w',
  'http://purl.oclc.org/ooxml/wordprocessingml/main': 'w',
  'http://schemas.openxmlformats.org/markup-compatibility/2006': 'mc',
  'urn:schemas-microsoft-com:vml': 'v',
  'http://schemas.openxmlformats.org/officeDocument/2006/relationships': 'r',
  'http://purl.oclc.org/ooxml/officeDocument/relationships': 'r',
};

/** Elements whose children are read (mammoth's `readChildElements` and the structures it knows). */
const CONTAINERS = new Set([
  'w:document',
  'w:body',
  'w:footnotes',
  'w:endnotes',
  'w:r',
  'w:hyperlink',
  'w:sdt',
  'w:sdtContent',
  'w:customXml',
  'w:ins',
  'w:moveTo',
  'w:object',
  'w:smartTag',
  'v:roundrect',
  'v:shape',
  'v:textbox',
  'v:group',
  'v:rect',
  'w:txbxContent',
  'mc:AlternateContent',
  'mc:Fallback',
]);
/** Property elements walked for the few values that matter; nothing under them is content. */
const PROPERTIES = new Set(['w:pPr', 'w:trPr', 'w:tcPr']);
/** Leaves read on open; their children are not. */
const LEAVES = new Set([
  'w:t',
  'w:tab',
  'w:br',
  'w:noBreakHyphen',
  'w:softHyphen',
  'w:footnoteReference',
  'w:endnoteReference',
]);
/** mammoth's default style map plus DocQA's (Title and Subtitle as the top headings). */
const HEADING_BY_ID: Record<string, number> = {
  Heading1: 1,
  Heading2: 2,
  Heading3: 3,
  Heading4: 4,
  Heading5: 5,
  Heading6: 6,
  Heading: 1,
};
/** mammoth's default map reads list levels 1 to 5; deeper items are plain paragraphs. */
const MAX_LIST_LEVELS = 5;

interface NumberingLevel {
  ordered: boolean;
  paragraphStyleId?: string;
}

interface Numbering {
  /** numId -> abstractNumId */
  nums: Map<string, string>;
  abstract: Map<string, { levels: Map<string, NumberingLevel>; numStyleLink?: string }>;
  byParagraphStyle: Map<string, { level: string; ordered: boolean }>;
}

interface Styles {
  /** Paragraph style id -> name. */
  names: Map<string, string>;
  /** Numbering style id -> numId. */
  numberingStyles: Map<string, string>;
}

/** What one paragraph holds, until it closes (an empty one is dropped, as mammoth drops it). */
interface Paragraph {
  styleId?: string;
  numId?: string;
  ilvl?: string;
  deleted: boolean;
  /** Text runs; `null` is a line break. */
  parts: (string | null)[];
  hasText: boolean;
  /** Events of text boxes anchored in it, written after it. */
  extra: Event[];
}

type Event = [kind: 'open' | 'close', name: string] | [kind: 'text', text: string];

interface ListLevel {
  ordered: boolean;
}

/** A sink that writes to the block writer, or records for later (text boxes, notes). */
class Events {
  private readonly recording: Event[][] = [];

  constructor(private readonly sink: HtmlEventSink) {}

  record(): void {
    this.recording.push([]);
  }

  stopRecording(): Event[] {
    return this.recording.pop() ?? [];
  }

  open(name: string, attrs?: Record<string, string>): void {
    const rec = this.recording[this.recording.length - 1];
    if (rec) rec.push(['open', name]);
    else this.sink.open(name, attrs);
  }

  close(name: string): void {
    const rec = this.recording[this.recording.length - 1];
    if (rec) rec.push(['close', name]);
    else this.sink.close(name);
  }

  text(text: string): void {
    const rec = this.recording[this.recording.length - 1];
    if (rec) rec.push(['text', text]);
    else this.sink.text(text);
  }

  replay(events: Event[]): void {
    for (const e of events) {
      if (e[0] === 'text') this.text(e[1]);
      else if (e[0] === 'open') this.open(e[1]);
      else this.close(e[1]);
    }
  }
}

/**
 * Reads the body (or the notes) part's XML events. Names are normalised to the usual prefixes from the
 * root's namespace declarations, so strict-format files and unusual prefixes read the same.
 */
class BodyReader {
  private readonly names: string[] = [];
  private prefixes?: Map<string, string>;
  /** Depth of the element whose subtree is skipped. */
  private skipAt?: number;
  /** Depth of the property element being walked. */
  private propsAt?: number;
  private readonly paragraphs: Paragraph[] = [];
  /** Children of a paragraph whose mark was deleted join the next paragraph, as in Word. */
  private carried: (string | null)[] = [];
  /** Open lists, per container (the body, each table cell). */
  private readonly lists: ListLevel[][] = [[]];
  /** Per open table: the grid columns some cell has started in (mammoth folds merged cells only below one). */
  private readonly tables: Set<number>[] = [];
  private readonly rows: { header: boolean; deleted: boolean; opened: boolean; depth: number; column: number }[] = [];
  private readonly cells: { vMerged: boolean; span: number; opened: boolean; depth: number }[] = [];
  private inText = false;
  /** Note ids in the order they are referenced, each with its type. */
  readonly noteRefs: { type: 'footnote' | 'endnote'; id: string }[] = [];
  /** Per note id, while reading a notes part: its events. */
  readonly notes = new Map<string, Event[]>();
  private noteId?: string;

  constructor(
    private readonly out: Events,
    private readonly styles: Styles,
    private readonly numbering: Numbering,
    private readonly mode: 'body' | 'footnotes' | 'endnotes' = 'body',
  ) {}

  open(rawName: string, attrs: Record<string, string>): void {
    const name = this.normalise(rawName, attrs);
    const depth = this.names.push(name);
    if (this.skipAt !== undefined) return;
    const parent = this.names[depth - 2];
    if (this.propsAt !== undefined) {
      this.readProperty(name, parent, attrs);
      return;
    }
    if (PROPERTIES.has(name)) {
      this.propsAt = depth;
      return;
    }
    if (LEAVES.has(name)) {
      this.readLeaf(name, attrs);
      return;
    }
    switch (name) {
      case 'w:p':
        this.openParagraph();
        return;
      case 'w:tbl':
        this.openTable();
        return;
      case 'w:tr':
        this.rows.push({ header: false, deleted: false, opened: false, depth, column: 0 });
        return;
      case 'w:tc':
        this.cells.push({ vMerged: false, span: 1, opened: false, depth });
        return;
      case 'w:pict':
        // A text box: its own list context, written after the paragraph that anchors it.
        this.out.record();
        this.lists.push([]);
        return;
      case 'w:footnote':
      case 'w:endnote':
        if (this.mode !== 'body') {
          this.noteId = this.attr(attrs, 'w:id');
          this.out.record();
        }
        return;
    }
    // mc:AlternateContent is read through its fallback only; every other unknown element is skipped whole.
    if (!CONTAINERS.has(name) || (parent === 'w:sdt' && name !== 'w:sdtContent')) this.skipAt = depth;
  }

  close(): void {
    const depth = this.names.length;
    const name = this.names.pop()!;
    if (this.skipAt !== undefined) {
      if (depth !== this.skipAt) return;
      this.skipAt = undefined;
      // A deleted row or a merged-away cell is skipped whole; its entry goes with it.
      if (name === 'w:tr' && this.rows[this.rows.length - 1]?.depth === depth) this.rows.pop();
      else if (name === 'w:tc' && this.cells[this.cells.length - 1]?.depth === depth) this.endCell();
      return;
    }
    if (this.propsAt !== undefined) {
      if (depth === this.propsAt) {
        this.propsAt = undefined;
        if (name === 'w:trPr') this.startRow();
        else if (name === 'w:tcPr') this.startCell();
      }
      return;
    }
    switch (name) {
      case 'w:t':
        this.inText = false;
        return;
      case 'w:p':
        this.closeParagraph();
        return;
      case 'w:tbl':
        this.tables.pop();
        this.out.close('table');
        return;
      case 'w:tr': {
        const row = this.rows.pop();
        if (row?.opened) this.out.close('tr');
        return;
      }
      case 'w:tc': {
        const cell = this.endCell();
        if (cell?.opened) {
          this.closeLists();
          this.lists.pop();
          this.out.close(this.rows[this.rows.length - 1]?.header ? 'th' : 'td');
        }
        return;
      }
      case 'w:pict': {
        this.closeLists();
        this.lists.pop();
        const events = this.out.stopRecording();
        const p = this.paragraphs[this.paragraphs.length - 1];
        if (p) p.extra.push(...events);
        else this.out.replay(events);
        return;
      }
      case 'w:footnote':
      case 'w:endnote':
        if (this.mode !== 'body') {
          this.closeLists();
          const events = this.out.stopRecording();
          if (this.noteId !== undefined) this.notes.set(this.noteId, events);
          this.noteId = undefined;
        }
        return;
    }
  }

  text(data: string): void {
    if (!this.inText || this.skipAt !== undefined) return;
    this.appendText(data);
  }

  end(): void {
    this.closeLists();
  }

  private normalise(name: string, attrs: Record<string, string>): string {
    if (!this.prefixes) {
      this.prefixes = new Map();
      for (const [key, uri] of Object.entries(attrs)) {
        const canonical = key.startsWith('xmlns:') ? NAMESPACES[uri] : undefined;
        if (canonical && key.slice(6) !== canonical) this.prefixes.set(key.slice(6), canonical);
      }
    }
    if (this.prefixes.size === 0) return name;
    const colon = name.indexOf(':');
    const canonical = colon > 0 ? this.prefixes.get(name.slice(0, colon)) : undefined;
    return canonical ? `${canonical}${name.slice(colon)}` : name;
  }

  /** An attribute by its usual name (`w:val`), whatever prefix the file uses. */
  private attr(attrs: Record<string, string>, name: string): string | undefined {
    if (name in attrs) return attrs[name];
    if (!this.prefixes?.size) return undefined;
    const colon = name.indexOf(':');
    for (const [prefix, canonical] of this.prefixes) {
      if (canonical === name.slice(0, colon) && `${prefix}${name.slice(colon)}` in attrs) {
        return attrs[`${prefix}${name.slice(colon)}`];
      }
    }
    return undefined;
  }

  private readProperty(name: string, parent: string | undefined, attrs: Record<string, string>): void {
    const owner = this.names[this.propsAt! - 1];
    const direct = this.names.length === this.propsAt! + 1;
    if (owner === 'w:pPr') {
      const p = this.paragraphs[this.paragraphs.length - 1];
      if (!p) return;
      if (direct && name === 'w:pStyle') p.styleId = this.attr(attrs, 'w:val');
      else if (parent === 'w:numPr' && this.names.length === this.propsAt! + 2) {
        if (name === 'w:ilvl') p.ilvl = this.attr(attrs, 'w:val');
        else if (name === 'w:numId') p.numId = this.attr(attrs, 'w:val');
      } else if (parent === 'w:rPr' && this.names.length === this.propsAt! + 2 && name === 'w:del') p.deleted = true;
    } else if (owner === 'w:trPr' && direct) {
      const row = this.rows[this.rows.length - 1];
      if (row && name === 'w:tblHeader') row.header = true;
      else if (row && name === 'w:del') row.deleted = true;
    } else if (owner === 'w:tcPr' && direct && name === 'w:vMerge') {
      const cell = this.cells[this.cells.length - 1];
      const val = this.attr(attrs, 'w:val');
      if (cell) cell.vMerged = val === 'continue' || !val;
    } else if (owner === 'w:tcPr' && direct && name === 'w:gridSpan') {
      const cell = this.cells[this.cells.length - 1];
      const span = Number.parseInt(this.attr(attrs, 'w:val') ?? '', 10);
      if (cell && span > 0) cell.span = span;
    }
  }

  private readLeaf(name: string, attrs: Record<string, string>): void {
    switch (name) {
      case 'w:t':
        this.inText = true;
        return;
      case 'w:tab':
        this.appendText('\t');
        return;
      case 'w:noBreakHyphen':
        this.appendText('\u2011');
        return;
      case 'w:softHyphen':
        this.appendText('\u00ad');
        return;
      case 'w:br': {
        const type = this.attr(attrs, 'w:type');
        if (type === undefined || type === 'textWrapping')
          this.paragraphs[this.paragraphs.length - 1]?.parts.push(null);
        return;
      }
      case 'w:footnoteReference':
      case 'w:endnoteReference': {
        if (this.mode !== 'body') return;
        const id = this.attr(attrs, 'w:id');
        if (id === undefined) return;
        this.noteRefs.push({ type: name === 'w:footnoteReference' ? 'footnote' : 'endnote', id });
        this.appendText(`[${this.noteRefs.length}]`);
        return;
      }
    }
  }

  private appendText(text: string): void {
    const p = this.paragraphs[this.paragraphs.length - 1];
    if (!p) return;
    p.parts.push(text);
    if (!p.hasText && /\S/.test(text)) p.hasText = true;
  }

  private openParagraph(): void {
    this.startRowAndCell();
    // In a deleted row or a merged-away cell: skipped with it.
    if (this.skipAt !== undefined) return;
    // A paragraph inside a paragraph comes from a text box: what the outer one holds so far is not affected.
    this.paragraphs.push({ deleted: false, parts: [], hasText: false, extra: [] });
  }

  private closeParagraph(): void {
    const p = this.paragraphs.pop();
    if (!p) return;
    if (p.deleted) {
      this.carried.push(...p.parts);
      this.out.replay(p.extra);
      return;
    }
    const parts = this.carried.length ? [...this.carried, ...p.parts] : p.parts;
    const hasText = p.hasText || (this.carried.length > 0 && this.carried.some((t) => t !== null && /\S/.test(t)));
    this.carried = [];
    if (hasText) this.writeParagraph(p, parts);
    this.out.replay(p.extra);
  }

  private writeParagraph(p: Paragraph, parts: (string | null)[]): void {
    const heading = this.headingLevel(p.styleId);
    const list = heading === undefined ? this.listLevel(p) : undefined;
    let tag: string;
    if (heading !== undefined) {
      this.closeLists();
      tag = `h${heading}`;
    } else if (list !== undefined) {
      this.enterList(list.level, list.ordered);
      tag = '';
    } else {
      this.closeLists();
      tag = 'p';
    }
    if (tag) this.out.open(tag);
    for (const part of parts) {
      if (part === null) {
        this.out.open('br');
        this.out.close('br');
      } else this.out.text(part);
    }
    if (tag) this.out.close(tag);
  }

  private headingLevel(styleId: string | undefined): number | undefined {
    if (styleId === undefined) return undefined;
    const name = (this.styles.names.get(styleId) ?? '').toLowerCase();
    if (name === 'title') return 1;
    if (name === 'subtitle') return 2;
    if (HEADING_BY_ID[styleId] !== undefined) return HEADING_BY_ID[styleId];
    const m = /^heading ?([1-6])?$/.exec(name);
    if (m) return m[1] ? Number(m[1]) : 1;
    return undefined;
  }

  /** mammoth's `readNumberingProperties`: the paragraph's own numbering, else its style's, else level 0. */
  private listLevel(p: Paragraph): { level: number; ordered: boolean } | undefined {
    let found: { level: string; ordered: boolean } | undefined;
    if (p.ilvl !== undefined && p.numId !== undefined) found = this.findLevel(p.numId, p.ilvl);
    else {
      const byStyle = p.styleId !== undefined ? this.numbering.byParagraphStyle.get(p.styleId) : undefined;
      if (byStyle) found = byStyle;
      else if (p.numId !== undefined) found = this.findLevel(p.numId, '0');
    }
    if (!found) return undefined;
    const level = Number(found.level);
    if (!Number.isInteger(level) || level < 0 || level >= MAX_LIST_LEVELS) return undefined;
    return { level, ordered: found.ordered };
  }

  private findLevel(
    numId: string,
    level: string,
    seen = new Set<string>(),
  ): { level: string; ordered: boolean } | undefined {
    if (seen.has(numId)) return undefined;
    seen.add(numId);
    const abstractId = this.numbering.nums.get(numId);
    const abstract = abstractId !== undefined ? this.numbering.abstract.get(abstractId) : undefined;
    if (!abstract) return undefined;
    if (abstract.numStyleLink !== undefined) {
      const linked = this.styles.numberingStyles.get(abstract.numStyleLink);
      return linked === undefined ? undefined : this.findLevel(linked, level, seen);
    }
    const found = abstract.levels.get(level);
    return found && { level, ordered: found.ordered };
  }

  private get openLists(): ListLevel[] {
    return this.lists[this.lists.length - 1];
  }

  /** Opens the list item at `level` (0-based), closing deeper lists and opening missing ones, as mammoth nests them. */
  private enterList(level: number, ordered: boolean): void {
    const lists = this.openLists;
    while (lists.length > level + 1) this.popList();
    if (lists.length === level + 1) {
      if (lists[level].ordered !== ordered) {
        this.popList();
        this.pushList(ordered);
      } else this.out.close('li');
    }
    while (lists.length < level) {
      this.pushList(false);
      this.out.open('li');
    }
    if (lists.length === level) this.pushList(ordered);
    this.out.open('li');
  }

  private pushList(ordered: boolean): void {
    this.openLists.push({ ordered });
    this.out.open(ordered ? 'ol' : 'ul');
  }

  private popList(): void {
    const list = this.openLists.pop()!;
    this.out.close('li');
    this.out.close(list.ordered ? 'ol' : 'ul');
  }

  private closeLists(): void {
    while (this.openLists.length > 0) this.popList();
  }

  private openTable(): void {
    this.startRowAndCell();
    if (this.cells.length === 0) this.closeLists();
    this.tables.push(new Set());
    this.out.open('table');
  }

  /** A cell ends: the next one in its row starts that many grid columns further. */
  private endCell(): { opened: boolean } | undefined {
    const cell = this.cells.pop();
    const row = this.rows[this.rows.length - 1];
    if (cell && row) row.column += cell.span;
    return cell;
  }

  /** A row's or cell's properties come first: once content starts without them, they are opened. */
  private startRowAndCell(): void {
    this.startRow();
    this.startCell();
  }

  private startRow(): void {
    const row = this.rows[this.rows.length - 1];
    if (!row || row.opened) return;
    if (row.deleted) {
      this.skipAt ??= row.depth;
      return;
    }
    row.opened = true;
    this.out.open('tr');
  }

  private startCell(): void {
    const cell = this.cells[this.cells.length - 1];
    if (!cell || cell.opened || this.skipAt !== undefined) return;
    this.startRow();
    if (this.skipAt !== undefined) return;
    const columns = this.tables[this.tables.length - 1];
    const column = this.rows[this.rows.length - 1]?.column ?? 0;
    if (cell.vMerged && columns?.has(column)) {
      // The continuation of a vertically merged cell: mammoth folds it into the one above.
      this.skipAt = cell.depth;
      return;
    }
    columns?.add(column);
    cell.opened = true;
    this.lists.push([]);
    this.out.open(this.rows[this.rows.length - 1]?.header ? 'th' : 'td');
  }
}

let parserClass: Promise<ParserClass> | undefined;
function loadParser(): Promise<ParserClass> {
  parserClass ??= import('htmlparser2').then((mod) => mod.Parser);
  return parserClass;
}

let jszipModule: Promise<JSZipModule> | undefined;
function loadJszip(): Promise<JSZipModule> {
  jszipModule ??= import('jszip').then(
    (mod) => (mod as unknown as { default?: JSZipModule }).default ?? (mod as unknown as JSZipModule),
  );
  return jszipModule;
}

/** Feeds a zip part to an XML reader chunk by chunk, never holding the whole part as one string. */
function streamPart(
  Parser: ParserClass,
  file: JSZip.JSZipObject,
  handlers: { open(name: string, attrs: Record<string, string>): void; close(): void; text(data: string): void },
): Promise<void> {
  const parser = new Parser(
    { onopentag: handlers.open, onclosetag: () => handlers.close(), ontext: handlers.text },
    { xmlMode: true, decodeEntities: true },
  );
  return new Promise((resolve, reject) => {
    const stream = (file as unknown as { internalStream(type: 'string'): StreamHelper }).internalStream('string');
    stream
      .on('data', (chunk: string) => {
        try {
          parser.write(chunk);
        } catch (err) {
          stream.pause();
          reject(err as Error);
        }
      })
      .on('error', (err: Error) => reject(err))
      .on('end', () => {
        try {
          parser.end();
          resolve();
        } catch (err) {
          reject(err as Error);
        }
      })
      .resume();
  });
}

interface StreamHelper {
  on(event: 'data', listener: (chunk: string) => void): StreamHelper;
  on(event: 'error', listener: (err: Error) => void): StreamHelper;
  on(event: 'end', listener: () => void): StreamHelper;
  pause(): StreamHelper;
  resume(): StreamHelper;
}

/** A small part's elements, with their attributes and the names of their open ancestors. */
async function walkPart(
  Parser: ParserClass,
  file: JSZip.JSZipObject | null,
  onOpen: (name: string, attrs: Record<string, string>, ancestors: string[]) => void,
): Promise<void> {
  if (!file) return;
  const stack: string[] = [];
  await streamPart(Parser, file, {
    open: (name, attrs) => {
      onOpen(name.replace(/^[^:]*:/, 'w:'), attrs, stack);
      stack.push(name.replace(/^[^:]*:/, 'w:'));
    },
    close: () => void stack.pop(),
    text: () => undefined,
  });
}

/** An attribute whatever its prefix (`w:val` as `val` in any namespace). */
function attrOf(attrs: Record<string, string>, local: string): string | undefined {
  for (const key in attrs) if (key === local || key.endsWith(`:${local}`)) return attrs[key];
  return undefined;
}

async function readStyles(Parser: ParserClass, file: JSZip.JSZipObject | null): Promise<Styles> {
  const styles: Styles = { names: new Map(), numberingStyles: new Map() };
  let current: { id?: string; type?: string } | undefined;
  await walkPart(Parser, file, (name, attrs, ancestors) => {
    if (name === 'w:style') current = { id: attrOf(attrs, 'styleId'), type: attrOf(attrs, 'type') };
    else if (current?.id && name === 'w:name' && ancestors[ancestors.length - 1] === 'w:style') {
      styles.names.set(current.id, attrOf(attrs, 'val') ?? '');
    } else if (current?.id && current.type === 'numbering' && name === 'w:numId') {
      const numId = attrOf(attrs, 'val');
      if (numId !== undefined) styles.numberingStyles.set(current.id, numId);
    }
  });
  return styles;
}

async function readNumbering(Parser: ParserClass, file: JSZip.JSZipObject | null): Promise<Numbering> {
  const numbering: Numbering = { nums: new Map(), abstract: new Map(), byParagraphStyle: new Map() };
  let abstract: { levels: Map<string, NumberingLevel>; numStyleLink?: string } | undefined;
  let level: { index?: string; ordered: boolean; paragraphStyleId?: string } | undefined;
  let levelWithoutIndex: NumberingLevel | undefined;
  let num: string | undefined;
  const endLevel = () => {
    if (!abstract || !level) return;
    const entry = { ordered: level.ordered, paragraphStyleId: level.paragraphStyleId };
    if (level.index === undefined) levelWithoutIndex = entry;
    else abstract.levels.set(level.index, entry);
    level = undefined;
  };
  const endAbstract = () => {
    endLevel();
    if (abstract && levelWithoutIndex && !abstract.levels.has('0')) abstract.levels.set('0', levelWithoutIndex);
    levelWithoutIndex = undefined;
  };
  await walkPart(Parser, file, (name, attrs, ancestors) => {
    const parent = ancestors[ancestors.length - 1];
    if (name === 'w:abstractNum') {
      endAbstract();
      abstract = { levels: new Map() };
      const id = attrOf(attrs, 'abstractNumId');
      if (id !== undefined) numbering.abstract.set(id, abstract);
    } else if (name === 'w:lvl' && abstract) {
      endLevel();
      // A level without w:numFmt is ordered, as mammoth reads it (numFmt !== 'bullet').
      level = { index: attrOf(attrs, 'ilvl'), ordered: true };
    } else if (name === 'w:numFmt' && level && parent === 'w:lvl') {
      level.ordered = attrOf(attrs, 'val') !== 'bullet';
    } else if (name === 'w:pStyle' && level && parent === 'w:lvl') {
      level.paragraphStyleId = attrOf(attrs, 'val');
    } else if (name === 'w:numStyleLink' && abstract && parent === 'w:abstractNum') {
      abstract.numStyleLink = attrOf(attrs, 'val');
    } else if (name === 'w:num') {
      endAbstract();
      abstract = undefined;
      num = attrOf(attrs, 'numId');
    } else if (name === 'w:abstractNumId' && num !== undefined && parent === 'w:num') {
      const id = attrOf(attrs, 'val');
      if (id !== undefined) numbering.nums.set(num, id);
    }
  });
  endAbstract();
  for (const a of numbering.abstract.values()) {
    for (const [index, l] of a.levels) {
      if (l.paragraphStyleId !== undefined && !numbering.byParagraphStyle.has(l.paragraphStyleId)) {
        numbering.byParagraphStyle.set(l.paragraphStyleId, { level: index, ordered: l.ordered });
      }
    }
  }
  return numbering;
}

/** Targets of a part's relationships by type suffix (`/styles`), resolved to zip paths. */
async function relationshipTargets(Parser: ParserClass, zip: JSZip, partPath: string): Promise<Map<string, string>> {
  const relsPath = posix.join(posix.dirname(partPath), '_rels', `${posix.basename(partPath)}.rels`);
  const targets = new Map<string, string>();
  await walkPart(Parser, zip.file(relsPath), (name, attrs) => {
    if (!/(^|:)Relationship$/.test(name) || attrs.TargetMode === 'External' || !attrs.Target || !attrs.Type) return;
    const type = attrs.Type.slice(attrs.Type.lastIndexOf('/') + 1);
    const target = attrs.Target.startsWith('/')
      ? attrs.Target.slice(1)
      : posix.normalize(posix.join(posix.dirname(partPath), attrs.Target));
    if (!targets.has(type)) targets.set(type, target);
  });
  return targets;
}

/** The path of the main document part, from the package relationships (`word/document.xml` by convention). */
export async function docxMainPart(zip: JSZip): Promise<string | undefined> {
  const Parser = await loadParser();
  const root = await relationshipTargets(Parser, zip, '');
  const main = root.get('officeDocument');
  if (main && zip.file(main)) return main;
  return zip.file('word/document.xml') ? 'word/document.xml' : undefined;
}

export async function openDocx(input: Buffer): Promise<JSZip> {
  return (await loadJszip()).loadAsync(input, { checkCRC32: false });
}

/** Reads a DOCX as blocks, streaming its main part (see the comment at the top of this file). */
export async function readDocxStreaming(zip: JSZip, mainPath: string): Promise<HtmlBlocks> {
  const Parser = await loadParser();
  const main = zip.file(mainPath);
  if (!main) throw new DocumentParseError(ParseFailure.Corrupt, `the DOCX has no ${mainPath}`);
  const rels = await relationshipTargets(Parser, zip, mainPath);
  const part = (type: string) => {
    const path = rels.get(type);
    return path ? zip.file(path) : null;
  };
  const styles = await readStyles(Parser, part('styles'));
  const numbering = await readNumbering(Parser, part('numbering'));
  const sink = htmlEventSink();
  const events = new Events(sink);
  const body = new BodyReader(events, styles, numbering);
  await streamPart(Parser, main, {
    open: (name, attrs) => body.open(name, attrs),
    close: () => body.close(),
    text: (data) => body.text(data),
  });
  body.end();
  if (body.noteRefs.length > 0) await writeNotes(Parser, body.noteRefs, part, events, styles, numbering);
  return sink.end();
}

/** Footnotes and endnotes as mammoth lists them: an ordered list, in the order they are referenced. */
async function writeNotes(
  Parser: ParserClass,
  refs: { type: 'footnote' | 'endnote'; id: string }[],
  part: (type: string) => JSZip.JSZipObject | null,
  events: Events,
  styles: Styles,
  numbering: Numbering,
): Promise<void> {
  const notes = new Map<string, Map<string, Event[]>>();
  for (const type of ['footnote', 'endnote'] as const) {
    if (!refs.some((r) => r.type === type)) continue;
    const reader = new BodyReader(new Events(htmlEventSink()), styles, numbering, `${type}s`);
    const file = part(`${type}s`);
    if (file) {
      await streamPart(Parser, file, {
        open: (name, attrs) => reader.open(name, attrs),
        close: () => reader.close(),
        text: (data) => reader.text(data),
      });
    }
    notes.set(type, reader.notes);
  }
  events.open('ol');
  for (const ref of refs) {
    events.open('li');
    events.replay(notes.get(ref.type)?.get(ref.id) ?? []);
    events.close('li');
  }
  events.close('ol');
}
