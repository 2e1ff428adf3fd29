import { splitSentences } from './sentences';

const texts = (answer: string) => splitSentences(answer).map((s) => s.text);

describe('splitSentences', () => {
  it('keeps a marker written after the full stop with its sentence (the offline answerer writes so)', () => {
    expect(texts('The warranty lasts three years. [1] It covers the motors. [2]')).toEqual([
      'The warranty lasts three years. [1]',
      'It covers the motors. [2]',
    ]);
  });

  it('keeps markers written before the full stop, and splits on line breaks', () => {
    expect(texts('Claim one [1].\n- item two [2]\nClaim three [1, 2]!')).toEqual([
      'Claim one [1].',
      '- item two [2]',
      'Claim three [1, 2]!',
    ]);
  });

  it('ends a quoted heading at its marker when a capitalised sentence follows, not mid-sentence', () => {
    expect(texts('Warranty [1] The robot costs 42000 euros [2] and more [3].')).toEqual([
      'Warranty [1]',
      'The robot costs 42000 euros [2] and more [3].',
    ]);
  });

  it('does not split numbers and gives exact ranges', () => {
    const answer = 'It weighs 3.5 tons. Yes.';
    const spans = splitSentences(answer);
    expect(spans.map((s) => answer.slice(s.start, s.end))).toEqual(['It weighs 3.5 tons.', 'Yes.']);
  });
});
