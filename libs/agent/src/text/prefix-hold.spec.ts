import { PrefixHold } from './prefix-hold';

describe('PrefixHold', () => {
  const phrase = 'The provided context does not contain the answer to this question.';

  it('swallows the phrase whole, however it is split', () => {
    const hold = new PrefixHold([phrase]);
    const out = (phrase.match(/\S+\s*/g) ?? []).map((p) => hold.push(p)).join('');
    expect(out).toBe('');
    expect(hold.end()).toEqual({ matched: true, rest: '' });
  });

  it('releases other text as soon as it departs from the phrase', () => {
    const hold = new PrefixHold([phrase]);
    expect(hold.push('The ')).toBe('');
    expect(hold.push('X200 ')).toBe('The X200 ');
    expect(hold.push('costs.')).toBe('costs.');
    expect(hold.end()).toEqual({ matched: false, rest: '' });
  });

  it('gives back a prefix of the phrase that the answer stopped at', () => {
    const hold = new PrefixHold([phrase]);
    hold.push('The provided');
    expect(hold.end()).toEqual({ matched: false, rest: 'The provided' });
  });
});
