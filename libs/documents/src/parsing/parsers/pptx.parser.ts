import { posix } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import type JSZip from 'jszip';
import { newDocument, type DocumentParser, type ParseContext } from '../document-parser';
import { DocumentParseError, ParseFailure, type ParsedDocument, type TextBlock } from '../parsed-document';
import { tableText } from '../table-text';

/** fast-xml-parser's order-preserving shape: `{ [tag]: children, ':@': attributes }` or `{ '#text': text }`. */
type XmlNode = Record<string, unknown>;

const xml = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

function tagOf(node: XmlNode): string | undefined {
  for (const key in node) if (key !== ':@') return key;
  return undefined;
}

function childrenOf(node: XmlNode): XmlNode[] {
  const tag = tagOf(node);
  const value = tag ? node[tag] : undefined;
  return Array.isArray(value) ? (value as XmlNode[]) : [];
}

function attr(node: XmlNode, name: string): string | undefined {
  const attrs = node[':@'] as Record<string, string> | undefined;
  return attrs?.[name];
}

function child(node: XmlNode, tag: string): XmlNode | undefined {
  return childrenOf(node).find((c) => tagOf(c) === tag);
}

function path(node: XmlNode | undefined, ...tags: string[]): XmlNode | undefined {
  let current = node;
  for (const tag of tags) current = current && child(current, tag);
  return current;
}

function parseXml(text: string): XmlNode[] {
  return xml.parse(text) as XmlNode[];
}

function root(nodes: XmlNode[], tag: string): XmlNode | undefined {
  return nodes.find((n) => tagOf(n) === tag);
}

/** The text of `a:t` runs under a node, `a:br` as a line break. */
function runText(node: XmlNode): string {
  let out = '';
  for (const c of childrenOf(node)) {
    const tag = tagOf(c);
    if (tag === '#text') continue;
    if (tag === 'a:t')
      out += childrenOf(c)
        .map((t) => String(t['#text'] ?? ''))
        .join('');
    else if (tag === 'a:br') out += '\n';
    else out += runText(c);
  }
  return out;
}

/** A text body's paragraphs, one line each. */
function bodyText(txBody: XmlNode | undefined): string {
  if (!txBody) return '';
  return childrenOf(txBody)
    .filter((p) => tagOf(p) === 'a:p')
    .map((p) =>
      runText(p)
        .replace(/[ \t\u00a0]+/g, ' ')
        .trim(),
    )
    .filter(Boolean)
    .join('\n');
}

function tableOf(tbl: XmlNode): string {
  const rows = childrenOf(tbl)
    .filter((r) => tagOf(r) === 'a:tr')
    .map((r) =>
      childrenOf(r)
        .filter((c) => tagOf(c) === 'a:tc')
        .map((c) => bodyText(child(c, 'a:txBody')).replace(/\n/g, ' ')),
    );
  return tableText(rows);
}

interface SlideContent {
  title?: string;
  texts: { kind: 'paragraph' | 'table'; text: string }[];
}

/** Placeholders that repeat on every slide (number, date, footer). */
const FURNITURE = new Set(['sldNum', 'dt', 'ftr', 'hdr', 'sldImg']);

/** Walks a shape tree in document order: shapes, groups, tables; charts and pictures carry no text here. */
function readShapes(tree: XmlNode, out: SlideContent, onlyPlaceholder?: string): void {
  for (const shape of childrenOf(tree)) {
    const tag = tagOf(shape);
    if (tag === 'p:sp') {
      const ph = path(shape, 'p:nvSpPr', 'p:nvPr', 'p:ph');
      const phType = ph ? (attr(ph, 'type') ?? 'body') : undefined;
      if (phType && FURNITURE.has(phType)) continue;
      if (onlyPlaceholder && phType !== onlyPlaceholder) continue;
      const text = bodyText(child(shape, 'p:txBody'));
      if (!text) continue;
      if ((phType === 'title' || phType === 'ctrTitle') && out.title === undefined)
        out.title = text.replace(/\n/g, ' ');
      else out.texts.push({ kind: 'paragraph', text });
    } else if (tag === 'p:grpSp') {
      readShapes(shape, out, onlyPlaceholder);
    } else if (tag === 'p:graphicFrame' && !onlyPlaceholder) {
      const tbl = path(shape, 'a:graphic', 'a:graphicData', 'a:tbl');
      const text = tbl ? tableOf(tbl) : '';
      if (text) out.texts.push({ kind: 'table', text });
    } else if (tag === 'mc:AlternateContent') {
      // Newer features sit in mc:Choice with an equivalent mc:Fallback for older readers; read one of them.
      const branch = child(shape, 'mc:Fallback') ?? child(shape, 'mc:Choice');
      if (branch) readShapes(branch, out, onlyPlaceholder);
    }
  }
}

/** Targets of a part's relationships, resolved to zip paths, by id. */
function relationships(relsXml: string | undefined, partPath: string): Map<string, { type: string; target: string }> {
  const map = new Map<string, { type: string; target: string }>();
  if (!relsXml) return map;
  const rels = root(parseXml(relsXml), 'Relationships');
  for (const rel of rels ? childrenOf(rels) : []) {
    if (tagOf(rel) !== 'Relationship' || attr(rel, 'TargetMode') === 'External') continue;
    const id = attr(rel, 'Id');
    const target = attr(rel, 'Target');
    if (!id || !target) continue;
    const resolved = target.startsWith('/')
      ? target.slice(1)
      : posix.normalize(posix.join(posix.dirname(partPath), target));
    map.set(id, { type: attr(rel, 'Type') ?? '', target: resolved });
  }
  return map;
}

function relsPathOf(partPath: string): string {
  return posix.join(posix.dirname(partPath), '_rels', `${posix.basename(partPath)}.rels`);
}

/** Reads parts of an Office zip as text; undefined for a part that is missing. */
export interface PartReader {
  text(path: string): Promise<string | undefined>;
}

type JSZipModule = typeof JSZip;

/** jszip takes some 40 ms to load: only parser processes that meet a PPTX pay for it. */
async function loadJszip(): Promise<JSZipModule> {
  const mod = (await import('jszip')) as unknown as JSZipModule & { default?: JSZipModule };
  return mod.default ?? mod;
}

export async function jszipParts(input: Buffer): Promise<PartReader> {
  const zip = await (await loadJszip()).loadAsync(input, { checkCRC32: false });
  return { text: async (p) => zip.file(p)?.async('string') };
}

/**
 * PPTX through jszip + fast-xml-parser: slides in presentation order (`ppt/presentation.xml` and its
 * relationships), the title placeholder as the slide's heading, body text and tables in shape order, and the
 * speaker notes as `notes`; `unit` is the slide number.
 */
export class PptxParser implements DocumentParser {
  readonly type = 'pptx' as const;

  async parse(input: Buffer, ctx: ParseContext): Promise<ParsedDocument> {
    return parsePptx(await jszipParts(input), ctx);
  }
}

export async function parsePptx(parts: PartReader, ctx: Pick<ParseContext, 'onProgress'>): Promise<ParsedDocument> {
  const doc = newDocument('pptx', 'slide');
  const presentationPath = 'ppt/presentation.xml';
  const presentationXml = await parts.text(presentationPath);
  if (!presentationXml) throw new DocumentParseError(ParseFailure.Corrupt, 'the PPTX has no ppt/presentation.xml');
  const presentation = root(parseXml(presentationXml), 'p:presentation');
  const rels = relationships(await parts.text(relsPathOf(presentationPath)), presentationPath);
  const slideIds = path(presentation, 'p:sldIdLst');
  const slidePaths = (slideIds ? childrenOf(slideIds) : [])
    .filter((n) => tagOf(n) === 'p:sldId')
    .map((n) => rels.get(attr(n, 'r:id') ?? '')?.target);
  doc.unitCount = slidePaths.length;
  for (let i = 0; i < slidePaths.length; i++) {
    const slide = i + 1;
    const slidePath = slidePaths[i];
    const slideXml = slidePath && (await parts.text(slidePath));
    if (!slidePath || !slideXml) {
      doc.warnings.push(`slide ${slide} is missing from the file`);
      ctx.onProgress({ done: slide, total: slidePaths.length });
      continue;
    }
    const content: SlideContent = { texts: [] };
    const tree = path(root(parseXml(slideXml), 'p:sld'), 'p:cSld', 'p:spTree');
    if (tree) readShapes(tree, content);
    const headingPath = content.title ? [content.title] : [];
    if (content.title) {
      doc.title ??= content.title;
      doc.blocks.push({ kind: 'heading', text: content.title, level: 1, unit: slide, headingPath });
    }
    for (const t of content.texts) doc.blocks.push({ kind: t.kind, text: t.text, unit: slide, headingPath });
    const notes = await notesOf(parts, slidePath);
    if (notes) doc.blocks.push({ kind: 'notes', text: notes, unit: slide, headingPath } satisfies TextBlock);
    ctx.onProgress({ done: slide, total: slidePaths.length });
  }
  return doc;
}

async function notesOf(parts: PartReader, slidePath: string): Promise<string | undefined> {
  const rels = relationships(await parts.text(relsPathOf(slidePath)), slidePath);
  const notesPath = [...rels.values()].find((r) => r.type.endsWith('/notesSlide'))?.target;
  const notesXml = notesPath && (await parts.text(notesPath));
  if (!notesXml) return undefined;
  const tree = path(root(parseXml(notesXml), 'p:notes'), 'p:cSld', 'p:spTree');
  if (!tree) return undefined;
  const content: SlideContent = { texts: [] };
  readShapes(tree, content, 'body');
  return content.texts.map((t) => t.text).join('\n') || undefined;
}
