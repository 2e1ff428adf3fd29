import { normaliseText, stemPlural, textTokens } from './text-features';

describe('offline text features', () => {
  it('splits on anything that is not a letter or digit, in any script, lowercased', () => {
    expect(textTokens("Hello, World! It's 2024 — Zürich/Δέλτα")).toEqual([
      'hello',
      'world',
      's',
      '2024',
      'zurich',
      'δελτα',
    ]);
  });

  it('folds accents and compatibility forms but keeps Hangul syllables', () => {
    expect(normaliseText('Crème Brûlée ﬁle ＡＢＣ')).toBe('creme brulee file abc');
    expect(textTokens('한국어 문서')).toEqual(['한국어', '문서']);
  });

  it('drops common English stop words', () => {
    expect(textTokens('The cat is on the mat and it was happy')).toEqual(['cat', 'mat', 'happy']);
  });

  it('reduces English plurals with the S-stemmer', () => {
    expect(['policies', 'boxes', 'cats', 'glass', 'virus', 'analysis', 'bus', 'yes'].map(stemPlural)).toEqual([
      'policy',
      'boxe',
      'cat',
      'glass',
      'virus',
      'analysis',
      'bus',
      'yes',
    ]);
    // Not English words: left alone.
    expect(stemPlural('größes')).toBe('größes');
  });

  it('cuts Chinese and Japanese runs into character pairs, keeping Latin words inside them whole', () => {
    expect(textTokens('机器学习')).toEqual(['机器', '器学', '学习']);
    expect(textTokens('AI模型')).toEqual(['ai', '模型']);
    expect(textTokens('猫')).toEqual(['猫']);
  });

  it('caps very long tokens', () => {
    expect(textTokens('a'.repeat(500))[0]).toHaveLength(32);
  });
});
