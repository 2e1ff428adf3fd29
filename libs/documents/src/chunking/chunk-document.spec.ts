import { Tiktoken } from 'js-tiktoken/lite';
import cl100k from 'js-tiktoken/ranks/cl100k_base';
import type { DocumentType, ParsedDocument, TextBlock, UnitKind } from '../parsing/parsed-document';
import { canonicalText } from './canonical-text';
import type { Chunk, ChunkedDocument, ChunkingOptions } from './chunk.types';
import { chunkDocument } from './chunk-document';

const DEFAULTS: ChunkingOptions = { parentTokens: 1500, childTokens: 300, childOverlapTokens: 50 };
const reference = new Tiktoken(cl100k);

// ---------------------------------------------------------------------------------------------------------
// Generated documents (deterministic): prose with the things that trip sentence splitters, under headings,
// on pages, slides, rows and sheets.

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'the of and a to in is was that for it with as on be by this are from at which an or have not were has ' +
  'revenue growth model data results analysis system report quarter customers market study patients method ' +
  'increased significantly compared previous measured between during however therefore although observed ' +
  'European regional annual operating performance treatment effect sample protein network energy policy'
).split(' ');
const INSERTS = [
  'e.g. the pilot',
  'Dr. Smith',
  'Fig. 3',
  'the U.S. market',
  '3.14 percent',
  'https://example.com/a.b?c=d',
  'i.e. this one',
  'Mr. Jones',
  'No. 12',
  'version 2.5.1',
];

function sentence(next: () => number, long = false): string {
  const length = long ? 120 + Math.floor(next() * 80) : 6 + Math.floor(next() * 28);
  const words: string[] = [];
  for (let i = 0; i < length; i++) {
    if (next() < 0.04) words.push(INSERTS[Math.floor(next() * INSERTS.length)]);
    else words.push(WORDS[Math.floor(next() * WORDS.length)]);
    if (i > 2 && i < length - 2 && next() < 0.06) words[words.length - 1] += ',';
  }
  words[0] = words[0][0].toUpperCase() + words[0].slice(1);
  const end = next();
  const text = words.join(' ') + (end < 0.85 ? '.' : end < 0.93 ? '?' : '!');
  return next() < 0.05 ? `"${text}"` : text;
}

function paragraph(next: () => number, sentences = 2 + Math.floor(next() * 7)): string {
  const out: string[] = [];
  for (let i = 0; i < sentences; i++) out.push(sentence(next, next() < 0.03));
  // PDF-style hard wraps now and then
  return out.join(next() < 0.3 ? '\n' : ' ');
}

function doc(type: DocumentType, unitKind: UnitKind, blocks: TextBlock[], unitCount = 0): ParsedDocument {
  return { type, unitKind, unitCount, blocks, ocrPages: [], pagesWithoutText: [], warnings: [] };
}

/** Pages of paragraphs, with a chapter heading every few pages and sections inside chapters. */
function pdfLike(seed: number, pages: number): ParsedDocument {
  const next = random(seed);
  const blocks: TextBlock[] = [];
  let path: string[] = [];
  let chapter = 0;
  for (let page = 1; page <= pages; page++) {
    if (next() < 0.25) {
      chapter++;
      path = [`Chapter ${chapter}`];
      blocks.push({ kind: 'heading', level: 1, text: path[0], headingPath: path, unit: page });
    } else if (chapter > 0 && next() < 0.3) {
      path = [path[0], `Section ${chapter}.${Math.floor(next() * 9) + 1}`];
      blocks.push({ kind: 'heading', level: 2, text: path[1], headingPath: path, unit: page });
    }
    const paragraphs = 2 + Math.floor(next() * 4);
    for (let p = 0; p < paragraphs; p++)
      blocks.push({ kind: 'paragraph', text: paragraph(next), headingPath: path, unit: page });
  }
  return doc('pdf', 'page', blocks, pages);
}

/** Nested headings, paragraphs, lists, code and tables, no units. */
function markdownLike(seed: number, sections: number): ParsedDocument {
  const next = random(seed);
  const blocks: TextBlock[] = [{ kind: 'heading', level: 1, text: 'Handbook', headingPath: ['Handbook'] }];
  for (let s = 1; s <= sections; s++) {
    const h2 = ['Handbook', `Part ${s}`];
    blocks.push({ kind: 'heading', level: 2, text: h2[1], headingPath: h2 });
    const subsections = Math.floor(next() * 3);
    for (let u = 0; u <= subsections; u++) {
      const path = u === 0 ? h2 : [...h2, `Topic ${s}.${u}`];
      if (u > 0) blocks.push({ kind: 'heading', level: 3, text: path[2], headingPath: path });
      const count = 1 + Math.floor(next() * 5);
      for (let b = 0; b < count; b++) {
        const r = next();
        if (r < 0.65) blocks.push({ kind: 'paragraph', text: paragraph(next), headingPath: path });
        else if (r < 0.8)
          blocks.push({
            kind: 'list',
            text: ['- one item here', '- another item.', '- third'].join('\n'),
            headingPath: path,
          });
        else if (r < 0.9)
          blocks.push({
            kind: 'code',
            text: 'function f(x) {\n  return x * 2;\n}\n\nconsole.log(f(21));',
            headingPath: path,
          });
        else blocks.push({ kind: 'table', text: '| a | b |\n| --- | --- |\n| 1 | 2 |\n| 3 | 4 |', headingPath: path });
      }
    }
  }
  return doc('markdown', 'none', blocks);
}

/** Slides: a title heading, bullet paragraphs and speaker notes. */
function pptxLike(seed: number, slides: number): ParsedDocument {
  const next = random(seed);
  const blocks: TextBlock[] = [];
  for (let slide = 1; slide <= slides; slide++) {
    const path = [`Slide title ${slide}`];
    blocks.push({ kind: 'heading', level: 1, text: path[0], headingPath: path, unit: slide });
    blocks.push({ kind: 'list', text: `• ${sentence(next)}\n• ${sentence(next)}`, headingPath: path, unit: slide });
    if (next() < 0.5) blocks.push({ kind: 'notes', text: paragraph(next, 3), headingPath: path, unit: slide });
  }
  return doc('pptx', 'slide', blocks, slides);
}

/** Data rows; `sheets` > 0 makes it an xlsx with that many sheets. */
function rowsLike(seed: number, rows: number, sheets = 0): ParsedDocument {
  const next = random(seed);
  const blocks: TextBlock[] = [];
  const perSheet = sheets > 0 ? Math.ceil(rows / sheets) : rows;
  for (let i = 0; i < rows; i++) {
    const sheet = sheets > 0 ? `Sheet${Math.floor(i / perSheet) + 1}` : undefined;
    const unit = sheets > 0 ? (i % perSheet) + 1 : i + 1;
    const cells = [`id: ${unit}`, `name: ${WORDS[Math.floor(next() * WORDS.length)]}`, `note: ${sentence(next)}`];
    blocks.push({ kind: 'row', text: cells.join(' | '), headingPath: sheet ? [sheet] : [], unit, sheet });
  }
  return doc(sheets > 0 ? 'xlsx' : 'csv', 'row', blocks, rows);
}

// ---------------------------------------------------------------------------------------------------------
// Invariants every chunked document must satisfy, checked against the blocks independently of the chunker.

function overlapping(document: ParsedDocument, chunk: Chunk) {
  return canonicalText(document).blocks.filter((b) => b.start < chunk.charEnd && b.end > chunk.charStart);
}

function commonPrefix(paths: string[][]): string[] {
  if (paths.length === 0) return [];
  let shared = paths[0];
  for (const path of paths) {
    let d = 0;
    while (d < shared.length && d < path.length && shared[d] === path[d]) d++;
    shared = shared.slice(0, d);
  }
  return shared;
}

function checkInvariants(document: ParsedDocument, result: ChunkedDocument, options: ChunkingOptions): void {
  const expectedText = document.blocks
    .map((b) => b.text.trim())
    .filter((t) => t.length > 0)
    .join('\n\n');
  expect(result.text).toBe(expectedText);

  const all: Chunk[] = [...result.parents, ...result.children];
  for (const chunk of all) {
    expect(result.text.slice(chunk.charStart, chunk.charEnd)).toBe(chunk.text);
    expect(chunk.text.trim()).toBe(chunk.text);
    expect(chunk.text.length).toBeGreaterThan(0);
    const blocks = overlapping(document, chunk);
    const units = blocks.map((b) => b.block.unit).filter((u): u is number => u !== undefined);
    expect(chunk.unitStart).toBe(units.length ? Math.min(...units) : undefined);
    expect(chunk.unitEnd).toBe(units.length ? Math.max(...units) : undefined);
    expect(new Set(blocks.map((b) => b.block.sheet)).size).toBe(1);
    expect(chunk.sheet).toBe(blocks[0].block.sheet);
    const content = blocks.filter((b) => b.block.kind !== 'heading');
    const pathBlocks = content.length > 0 ? content : blocks;
    expect(chunk.headingPath).toEqual(commonPrefix(pathBlocks.map((b) => b.block.headingPath)));
  }

  // parents tile the text in order: only whitespace between them
  result.parents.forEach((parent, i) => {
    expect(parent.index).toBe(i);
    const before = i === 0 ? 0 : result.parents[i - 1].charEnd;
    expect(result.text.slice(before, parent.charStart).trim()).toBe('');
    expect(parent.tokenCount).toBeLessThanOrEqual(options.parentTokens + 8);
  });
  if (result.parents.length > 0) expect(result.parents[result.parents.length - 1].charEnd).toBe(result.text.length);

  // children lie inside their parent, in order, covering it, overlapping only the child before them
  result.children.forEach((child, i) => {
    expect(child.index).toBe(i);
    const parent = result.parents[child.parentIndex];
    expect(child.charStart).toBeGreaterThanOrEqual(parent.charStart);
    expect(child.charEnd).toBeLessThanOrEqual(parent.charEnd);
    expect(child.tokenCount).toBeLessThanOrEqual(Math.min(options.childTokens, options.parentTokens) + 8);
    const previous = result.children[i - 1];
    if (previous?.parentIndex === child.parentIndex) {
      expect(child.charStart).toBeGreaterThan(previous.charStart);
      expect(child.charEnd).toBeGreaterThan(previous.charEnd);
      expect(result.text.slice(previous.charEnd, child.charStart).trim()).toBe('');
    } else {
      expect(child.charStart).toBe(parent.charStart);
      if (previous) expect(child.parentIndex).toBe(previous.parentIndex + 1);
      if (previous) expect(previous.charEnd).toBe(result.parents[previous.parentIndex].charEnd);
    }
  });
  if (result.children.length > 0) {
    expect(result.children[result.children.length - 1].charEnd).toBe(result.text.length);
  }
}

const isSentenceEnd = (text: string, end: number) => /[.!?。！？"”')\]|]$/.test(text.slice(end - 1, end));
const atBlockEnd = (text: string, end: number) => end === text.length || text.startsWith('\n\n', end);

// ---------------------------------------------------------------------------------------------------------

describe('chunkDocument', () => {
  const generated: [string, ParsedDocument][] = [
    ['pdf-like', pdfLike(1, 40)],
    ['markdown-like', markdownLike(2, 25)],
    ['pptx-like', pptxLike(3, 30)],
    ['csv-like', rowsLike(4, 400)],
    ['xlsx-like', rowsLike(5, 300, 3)],
  ];
  const optionSets: ChunkingOptions[] = [
    DEFAULTS,
    { parentTokens: 400, childTokens: 120, childOverlapTokens: 30 },
    { parentTokens: 200, childTokens: 60, childOverlapTokens: 0 },
    { parentTokens: 100, childTokens: 100, childOverlapTokens: 200 },
  ];

  describe.each(generated)('%s documents', (_name, document) => {
    it.each(optionSets)('hold every invariant with %j', (options) => {
      checkInvariants(document, chunkDocument(document, options), options);
    });

    it('count tokens exactly as cl100k_base does', () => {
      const result = chunkDocument(document, DEFAULTS);
      for (const chunk of [...result.parents, ...result.children]) {
        expect(chunk.tokenCount).toBe(reference.encode(chunk.text, [], []).length);
      }
    });
  });

  it('holds every invariant on many small random documents', () => {
    const next = random(99);
    for (let round = 0; round < 60; round++) {
      const makers = [
        () => pdfLike(round, 1 + Math.floor(next() * 6)),
        () => markdownLike(round, 1 + Math.floor(next() * 4)),
        () => pptxLike(round, 1 + Math.floor(next() * 5)),
        () => rowsLike(round, 1 + Math.floor(next() * 40), Math.floor(next() * 3)),
      ];
      const document = makers[round % makers.length]();
      const parentTokens = 100 + Math.floor(next() * 600);
      const childTokens = 20 + Math.floor(next() * parentTokens);
      const options = { parentTokens, childTokens, childOverlapTokens: Math.floor(next() * childTokens) };
      checkInvariants(document, chunkDocument(document, options), options);
    }
  });

  it('ends children at sentence ends where one is available (LangChain cuts 71% mid-sentence)', () => {
    const document = pdfLike(7, 120);
    const result = chunkDocument(document, DEFAULTS);
    const midSentence = result.children.filter(
      (c) => !atBlockEnd(result.text, c.charEnd) && !isSentenceEnd(result.text, c.charEnd),
    );
    expect(result.children.length).toBeGreaterThan(100);
    // only the pieces of the few sentences longer than a child may end mid-sentence
    expect(midSentence.length / result.children.length).toBeLessThan(0.03);
  });

  it('overlaps consecutive children with whole sentences from the end of the one before', () => {
    const document = pdfLike(8, 30);
    const result = chunkDocument(document, DEFAULTS);
    let pairs = 0;
    let wholeSentences = 0;
    for (let i = 1; i < result.children.length; i++) {
      const [previous, child] = [result.children[i - 1], result.children[i]];
      if (previous.parentIndex !== child.parentIndex) continue;
      pairs++;
      expect(child.charStart).toBeLessThan(previous.charEnd);
      const repeated = result.text.slice(child.charStart, previous.charEnd);
      expect(reference.encode(repeated, [], []).length).toBeLessThanOrEqual(DEFAULTS.childOverlapTokens + 2);
      const before = result.text.slice(0, child.charStart).trimEnd();
      if (before.length === 0 || isSentenceEnd(before, before.length)) wholeSentences++;
    }
    expect(pairs).toBeGreaterThan(20);
    // the rest repeat the tail of a sentence longer than the overlap
    expect(wholeSentences / pairs).toBeGreaterThan(0.9);
  });

  it('repeats nothing between children without overlap, and never between rows', () => {
    for (const [document, options] of [
      [pdfLike(9, 10), { ...DEFAULTS, childOverlapTokens: 0 }],
      [rowsLike(10, 300), DEFAULTS],
    ] as const) {
      const result = chunkDocument(document, options);
      for (let i = 1; i < result.children.length; i++) {
        expect(result.children[i].charStart).toBeGreaterThanOrEqual(result.children[i - 1].charEnd);
      }
    }
  });

  it('keeps rows whole in children and parents, and never merges two sheets', () => {
    const document = rowsLike(11, 200, 2);
    const result = chunkDocument(document, { parentTokens: 300, childTokens: 80, childOverlapTokens: 20 });
    const { blocks } = canonicalText(document);
    const starts = new Set(blocks.map((b) => b.start));
    const ends = new Set(blocks.map((b) => b.end));
    for (const chunk of [...result.parents, ...result.children]) {
      expect(starts.has(chunk.charStart)).toBe(true);
      expect(ends.has(chunk.charEnd)).toBe(true);
    }
    expect(new Set(result.parents.map((p) => p.sheet))).toEqual(new Set(['Sheet1', 'Sheet2']));
    // the rows of each parent are one run within one sheet
    for (const parent of result.parents) {
      expect(parent.unitEnd! - parent.unitStart! + 1).toBe(parent.text.split('\n\n').length);
    }
  });

  it('puts two small sheets in two parents', () => {
    const document = rowsLike(12, 4, 2);
    const result = chunkDocument(document, DEFAULTS);
    expect(result.parents.map((p) => [p.sheet, p.unitStart, p.unitEnd])).toEqual([
      ['Sheet1', 1, 2],
      ['Sheet2', 1, 2],
    ]);
  });

  it('cuts a single row longer than a child, and only then', () => {
    const long = Array.from({ length: 120 }, (_, i) => `column${i}: value ${i}`).join(' | ');
    const document = doc('csv', 'row', [
      { kind: 'row', text: 'id: 1 | name: short', headingPath: [], unit: 1 },
      { kind: 'row', text: long, headingPath: [], unit: 2 },
      { kind: 'row', text: 'id: 3 | name: short', headingPath: [], unit: 3 },
    ]);
    const result = chunkDocument(document, { parentTokens: 2000, childTokens: 100, childOverlapTokens: 0 });
    const pieces = result.children.filter((c) => c.unitStart! <= 2 && c.unitEnd! >= 2);
    expect(pieces.length).toBeGreaterThan(3);
    expect(result.children.every((c) => c.tokenCount <= 100)).toBe(true);
    // the cuts fall between cells, and rows 1 and 3 are whole
    const { blocks } = canonicalText(document);
    for (const child of result.children) {
      expect(child.text).toMatch(/^(id|column\d+):/);
      expect(child.text).toMatch(/(short|value \d+)( \|)?$/);
      if (child.unitStart === 1) expect(child.charStart).toBe(blocks[0].start);
      if (child.unitEnd === 3) expect(child.charEnd).toBe(blocks[2].end);
    }
  });

  it('makes one parent and one child of a tiny document', () => {
    const document = doc('text', 'none', [{ kind: 'paragraph', text: '  Just one line.  ', headingPath: [] }]);
    const result = chunkDocument(document, DEFAULTS);
    expect(result).toEqual({
      text: 'Just one line.',
      parents: [{ index: 0, text: 'Just one line.', tokenCount: 4, charStart: 0, charEnd: 14, headingPath: [] }],
      children: [
        { index: 0, parentIndex: 0, text: 'Just one line.', tokenCount: 4, charStart: 0, charEnd: 14, headingPath: [] },
      ],
    });
  });

  it('makes nothing of an empty document or one of blank blocks', () => {
    expect(chunkDocument(doc('text', 'none', []), DEFAULTS)).toEqual({ text: '', parents: [], children: [] });
    const blank = doc('pdf', 'page', [
      { kind: 'paragraph', text: '   ', headingPath: [], unit: 1 },
      { kind: 'paragraph', text: '\n\n', headingPath: [], unit: 2 },
    ]);
    expect(chunkDocument(blank, DEFAULTS)).toEqual({ text: '', parents: [], children: [] });
  });

  it('splits a huge single block into parents and children of the configured sizes', () => {
    const next = random(13);
    const text = Array.from({ length: 3000 }, () => sentence(next)).join(' ');
    const document = doc('text', 'none', [{ kind: 'paragraph', text, headingPath: [] }]);
    const result = chunkDocument(document, DEFAULTS);
    checkInvariants(document, result, DEFAULTS);
    expect(result.parents.length).toBeGreaterThan(30);
    for (const parent of result.parents.slice(0, -1))
      expect(parent.tokenCount).toBeGreaterThan(DEFAULTS.parentTokens * 0.8);
    expect(result.children.length).toBeGreaterThan(result.parents.length * 4);
  });

  it('splits text without sentence or word boundaries (base64, one huge word, emoji, a sea of spaces)', () => {
    const next = random(14);
    let blob = '';
    for (let i = 0; i < 20_000; i++)
      blob += 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'[Math.floor(next() * 64)];
    const document = doc('text', 'none', [
      { kind: 'paragraph', text: `Attachment follows. ${blob}`, headingPath: [] },
      { kind: 'paragraph', text: 'x'.repeat(50_000), headingPath: [] },
      { kind: 'paragraph', text: '😀'.repeat(20_000), headingPath: [] },
      { kind: 'paragraph', text: `before${' '.repeat(100_000)}after`, headingPath: [] },
    ]);
    const options = { parentTokens: 1000, childTokens: 200, childOverlapTokens: 40 };
    const result = chunkDocument(document, options);
    checkInvariants(document, result, options);
    expect(result.children.length).toBeGreaterThan(20);
  });

  it('gives pages and slides as unit ranges', () => {
    const document = doc('pdf', 'page', [
      { kind: 'paragraph', text: 'Page one text.', headingPath: [], unit: 1 },
      { kind: 'paragraph', text: 'Page two text.', headingPath: [], unit: 2 },
      { kind: 'paragraph', text: 'Page four text, after an empty page three.', headingPath: [], unit: 4 },
    ]);
    const result = chunkDocument(document, DEFAULTS);
    expect(result.parents.map((p) => [p.unitStart, p.unitEnd])).toEqual([[1, 4]]);

    const slides = chunkDocument(pptxLike(15, 12), { parentTokens: 100, childTokens: 40, childOverlapTokens: 10 });
    expect(slides.parents.length).toBeGreaterThan(6);
    slides.parents.forEach((parent, i) => {
      // a slide is cut only when it is larger than a parent; otherwise parents start at a slide's title
      if (i > 0 && slides.parents[i - 1].unitEnd !== parent.unitStart) {
        expect(parent.text.startsWith(`Slide title ${parent.unitStart}`)).toBe(true);
      }
    });
  });

  it('keeps sizeable top-level sections apart and merges tiny ones', () => {
    const next = random(16);
    const section = (title: string, paragraphs: number): TextBlock[] => [
      { kind: 'heading', level: 1, text: title, headingPath: [title] },
      ...Array.from({ length: paragraphs }, () => ({
        kind: 'paragraph' as const,
        text: paragraph(next, 4),
        headingPath: [title],
      })),
    ];
    const document = doc('markdown', 'none', [
      ...section('Alpha', 4),
      ...section('Beta', 4),
      ...section('Tiny one', 0),
      { kind: 'paragraph', text: 'Short.', headingPath: ['Tiny one'] },
      ...section('Tiny two', 0),
      { kind: 'paragraph', text: 'Also short.', headingPath: ['Tiny two'] },
    ]);
    const result = chunkDocument(document, { parentTokens: 1500, childTokens: 300, childOverlapTokens: 50 });
    expect(result.parents.map((p) => p.headingPath)).toEqual([['Alpha'], ['Beta'], []]);
    expect(result.parents[2].text).toBe('Tiny one\n\nShort.\n\nTiny two\n\nAlso short.');
  });

  it('starts a parent with its heading rather than ending the one before on it', () => {
    const document = markdownLike(17, 40);
    const result = chunkDocument(document, { parentTokens: 300, childTokens: 100, childOverlapTokens: 20 });
    const headings = new Set(document.blocks.filter((b) => b.kind === 'heading').map((b) => b.text));
    for (const parent of result.parents.slice(0, -1)) {
      const lastBlock = parent.text.split('\n\n').pop()!;
      expect(headings.has(lastBlock)).toBe(false);
    }
  });

  it('gives a chunk the heading path its blocks share', () => {
    const document = doc('markdown', 'none', [
      { kind: 'heading', level: 1, text: 'Guide', headingPath: ['Guide'] },
      { kind: 'heading', level: 2, text: 'Install', headingPath: ['Guide', 'Install'] },
      { kind: 'paragraph', text: 'Run the installer.', headingPath: ['Guide', 'Install'] },
      { kind: 'heading', level: 2, text: 'Use', headingPath: ['Guide', 'Use'] },
      { kind: 'paragraph', text: 'Open the app.', headingPath: ['Guide', 'Use'] },
    ]);
    const result = chunkDocument(document, { parentTokens: 100, childTokens: 10, childOverlapTokens: 0 });
    expect(result.parents.map((p) => p.headingPath)).toEqual([['Guide']]);
    expect(result.children.map((c) => [c.text, c.headingPath])).toEqual([
      ['Guide\n\nInstall\n\nRun the installer.', ['Guide', 'Install']],
      ['Use\n\nOpen the app.', ['Guide', 'Use']],
    ]);
  });

  it('keeps a document of only headings, or ending on one', () => {
    const onlyHeading = doc('markdown', 'none', [{ kind: 'heading', level: 1, text: 'Title', headingPath: ['Title'] }]);
    const result = chunkDocument(onlyHeading, DEFAULTS);
    expect(result.parents.map((p) => [p.text, p.headingPath])).toEqual([['Title', ['Title']]]);
    expect(result.children.map((c) => [c.text, c.headingPath])).toEqual([['Title', ['Title']]]);

    const endsOnHeading = doc('markdown', 'none', [
      { kind: 'paragraph', text: 'Body text.', headingPath: [] },
      { kind: 'heading', level: 1, text: 'Appendix', headingPath: ['Appendix'] },
    ]);
    expect(chunkDocument(endsOnHeading, DEFAULTS).parents.map((p) => p.text)).toEqual(['Body text.\n\nAppendix']);
  });

  it('is deterministic', () => {
    const document = markdownLike(18, 10);
    expect(chunkDocument(document, DEFAULTS)).toEqual(chunkDocument(document, DEFAULTS));
  });
});
