import { Tiktoken } from 'js-tiktoken/lite';
import cl100k from 'js-tiktoken/ranks/cl100k_base';
import { getTokenizer } from './tokenizer';

// js-tiktoken's own encoder is the reference: the fast counter must agree with it token for token.
const reference = new Tiktoken(cl100k);
const referenceCount = (text: string) => reference.encode(text, [], []).length;

/** Deterministic pseudo-random numbers, so a failure reproduces. */
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

const SAMPLES = [
  '',
  'Hello, world!',
  "It's the cat's toy; they'll've known. I'M SURE YOU'RE RIGHT.",
  'Dr. Smith paid $1,234.56 on 2024-03-15 at 10:30 p.m. (see Fig. 3, e.g. https://example.com/a.b?c=d).',
  '    indented\n\n\n  spaces   and\ttabs\r\n\r\nwindows lines   ',
  'function add(a, b) {\n  return a + b; // 😀 emoji 👩‍👩‍👧\n}',
  '这是第一句。这是第二句！日本語のテキストも混ざっています。',
  'هذه جملة عربية. وهذه جملة ثانية؟',
  '첫 번째 문장입니다. 두 번째 문장입니다!',
  'Ünïcödé àccents, ñ, ß, Ω, and a lone surrogate \ud800 here.',
  'Special tokens are plain text here: <|endoftext|> and <|fim_prefix|>.',
  '1234567890 3.14159 1e10 0xDEADBEEF ===== ----- ***** .....',
  'A'.repeat(200) + ' ' + 'ab'.repeat(120),
];

describe('getTokenizer (cl100k_base)', () => {
  const tokenizer = getTokenizer();

  it('is one shared instance', () => {
    expect(getTokenizer()).toBe(tokenizer);
    expect(tokenizer.encoding).toBe('cl100k_base');
  });

  it.each(SAMPLES.map((s) => [s]))('counts like js-tiktoken: %j', (text) => {
    expect(tokenizer.count(text)).toBe(referenceCount(text));
  });

  it('counts like js-tiktoken on random mixes of scripts, digits, symbols and whitespace', () => {
    const next = random(7);
    const alphabet = [
      'the',
      ' and',
      'Über',
      '。',
      '中文',
      'ال',
      '한',
      '😀',
      '9',
      '42',
      '.',
      ',',
      '!',
      '?',
      '\n',
      '\n\n',
      ' ',
      '  ',
      '\t',
      "'s",
      '"',
      '(',
      '-',
      '_',
      'x',
      'Q',
      'ß',
      '\u00a0',
    ];
    for (let round = 0; round < 300; round++) {
      const length = 1 + Math.floor(next() * 80);
      let text = '';
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(next() * alphabet.length)];
      expect([text, tokenizer.count(text)]).toEqual([text, referenceCount(text)]);
    }
  });

  it('counts like js-tiktoken on long words, where merging goes through a heap', () => {
    const next = random(5);
    const runs = [
      (i: number) => String.fromCharCode(0x4e00 + ((i * 7919 + Math.floor(next() * 50)) % 3000)), // Han
      (i: number) => String.fromCharCode(0x0e01 + ((i * 31 + Math.floor(next() * 9)) % 46)), // Thai
      (i: number) => 'aeiouàéîõüßñ'[(i * 7 + Math.floor(next() * 3)) % 12], // accented Latin
      () => ['😀', '👍🏽', '🇫🇷'][Math.floor(next() * 3)], // emoji
      (i: number) => 'ACGT'[(i * 13 + Math.floor(next() * 4)) % 4], // DNA
    ];
    for (const run of runs) {
      for (const length of [9, 30, 90, 200]) {
        let word = '';
        for (let i = 0; word.length < length; i++) word += run(i);
        expect([word, tokenizer.count(word)]).toEqual([word, referenceCount(word)]);
      }
    }
  });

  it('counts a word of thousands of letters quickly and within a few tokens of the exact count', () => {
    const next = random(11);
    let dna = '';
    for (let i = 0; i < 4000; i++) dna += 'ACGT'[Math.floor(next() * 4)];
    const exact = referenceCount(dna.slice(0, 1000)) * 4;
    const counted = tokenizer.count(dna);
    expect(Math.abs(counted - exact) / exact).toBeLessThan(0.1);
    expect(tokenizer.count('a'.repeat(100_000))).toBeGreaterThan(0);
  });

  describe('index', () => {
    const next = random(21);
    const parts = [
      'word',
      ' word',
      'Word',
      "'s",
      '.',
      '."',
      '?!',
      ',',
      ' ',
      '   ',
      '\n',
      '\n\n',
      ' \n ',
      '\t',
      '\r\n',
      '123',
      '45678',
      '中文字',
      '。',
      'ال',
      '😀',
      '\u00a0',
      '(',
      '--',
      'x'.repeat(300),
    ];
    let text = '';
    while (text.length < 6000) text += parts[Math.floor(next() * parts.length)];

    it('counts any slice exactly as counting the slice would', () => {
      const index = tokenizer.index(text);
      for (let round = 0; round < 3000; round++) {
        const start = Math.floor(next() * text.length);
        const end = Math.min(text.length, start + Math.floor(next() * (round % 3 === 0 ? 2000 : 200)));
        expect([start, end, index.count(start, end)]).toEqual([start, end, tokenizer.count(text.slice(start, end))]);
      }
      expect(index.count(0, text.length)).toBe(tokenizer.count(text));
      expect(index.count(10, 10)).toBe(0);
    });

    it('agrees with js-tiktoken on slices of ordinary text', () => {
      const prose = text.replaceAll('x'.repeat(300), 'x');
      const index = tokenizer.index(prose);
      for (let round = 0; round < 300; round++) {
        const start = Math.floor(next() * prose.length);
        const end = Math.min(prose.length, start + Math.floor(next() * 400));
        expect(index.count(start, end)).toBe(referenceCount(prose.slice(start, end)));
      }
    });
  });

  describe('prefixLength', () => {
    const text = 'The quick brown fox jumps over the lazy dog. It was not amused, and neither was the cat.';

    it('returns the longest prefix within the budget, ending where a token ends', () => {
      for (let max = 1; max <= 25; max++) {
        const length = tokenizer.prefixLength(text, max);
        expect(tokenizer.count(text.slice(0, length))).toBeLessThanOrEqual(max);
        if (length < text.length) {
          // one more word would not fit
          const longer = text.slice(0, length + text.slice(length).search(/\S(?=\s|$)/) + 1);
          expect(tokenizer.count(longer)).toBeGreaterThan(max);
          expect(text[length]).toMatch(/[\s,.]/);
        }
      }
      expect(tokenizer.prefixLength(text, 10_000)).toBe(text.length);
    });

    it('cuts inside a single word longer than the budget, never in a surrogate pair, never at 0', () => {
      const word = 'x'.repeat(900);
      const length = tokenizer.prefixLength(word, 10);
      expect(length).toBeGreaterThan(0);
      expect(length).toBeLessThan(900);
      expect(tokenizer.prefixLength('😀😀😀', 0)).toBe(2);
      expect(tokenizer.prefixLength('', 5)).toBe(0);
    });
  });

  describe('suffixStart', () => {
    it('returns the longest suffix within the budget, starting where a token starts', () => {
      const text = 'First sentence here. Second sentence follows, with a clause.';
      for (let max = 0; max <= 15; max++) {
        const start = tokenizer.suffixStart(text, max);
        expect(tokenizer.count(text.slice(start))).toBeLessThanOrEqual(max);
        if (max === 0) expect(start).toBe(text.length);
      }
      expect(tokenizer.suffixStart(text, 1000)).toBe(0);
    });
  });
});
