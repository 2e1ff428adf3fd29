import { HIGHLIGHT_START as S, HIGHLIGHT_STOP as E, highlightsFromMarked } from './highlights';

describe('highlightsFromMarked', () => {
  it('returns offsets of the marked words in the original text', () => {
    const text = 'The  cells\tdivided; cell-division.';
    const marked = `The  ${S}cells${E}\t${S}divided${E}; ${S}cell${E}-division.`;
    const out = highlightsFromMarked(text, marked);
    expect(out.map((h) => text.slice(h.start, h.end))).toEqual(['cells', 'divided', 'cell']);
  });

  it('counts offsets in UTF-16 units, as JavaScript slices', () => {
    const text = '😀 naïve café';
    const out = highlightsFromMarked(text, `😀 ${S}naïve${E} café`);
    expect(text.slice(out[0].start, out[0].end)).toBe('naïve');
  });

  it('trusts nothing when the marked text is not the text', () => {
    expect(highlightsFromMarked('abc def', `abc ${S}de${E}`)).toEqual([]);
    expect(highlightsFromMarked('abc', `${S}abc`)).toEqual([]);
    expect(highlightsFromMarked(`a${S}b`, `a${S}b`)).toEqual([]);
    expect(highlightsFromMarked('abc', null)).toEqual([]);
  });
});
