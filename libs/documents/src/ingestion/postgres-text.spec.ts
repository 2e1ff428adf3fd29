import type { ParsedDocument } from '../parsing/parsed-document';
import { storableText } from './postgres-text';

const doc = (texts: string[], heading = 'H'): ParsedDocument => ({
  type: 'text',
  unitKind: 'none',
  unitCount: 0,
  blocks: texts.map((text) => ({ kind: 'paragraph', text, headingPath: [heading] })),
  ocrPages: [],
  pagesWithoutText: [],
  warnings: [],
});

describe('storableText', () => {
  it('removes NUL characters from text and headings, and drops blocks left empty', () => {
    const out = storableText(doc(['a\u0000b', '\u0000\u0000', 'c'], 'x\u0000y'));
    expect(out.blocks.map((b) => b.text)).toEqual(['ab', 'c']);
    expect(out.blocks[0].headingPath).toEqual(['xy']);
  });

  it('returns the same document when there is nothing to remove', () => {
    const clean = doc(['plain']);
    expect(storableText(clean)).toBe(clean);
  });
});
