import { parseQuery } from './query-parser';

describe('parseQuery', () => {
  it('keeps plain words for scoring', () => {
    expect(parseQuery('refund policy 2024')).toEqual({ scoringText: 'refund policy 2024', phrases: [], excluded: [] });
  });

  it('reads quoted phrases as required phrases whose words also score', () => {
    expect(parseQuery('pricing "second quarter" growth')).toEqual({
      scoringText: 'pricing second quarter growth',
      phrases: ['second quarter'],
      excluded: [],
    });
  });

  it('excludes words and phrases after a leading minus, but not hyphenated words', () => {
    expect(parseQuery('covid-19 vaccine -trial -"phase two"')).toEqual({
      scoringText: 'covid-19 vaccine',
      phrases: [],
      excluded: ['trial', 'phase two'],
    });
  });

  it('runs an unclosed quote to the end and ignores empty quotes', () => {
    expect(parseQuery('alpha "" "beta gamma')).toEqual({
      scoringText: 'alpha beta gamma',
      phrases: ['beta gamma'],
      excluded: [],
    });
  });

  it('treats a lone minus as a word', () => {
    expect(parseQuery('a - b').scoringText).toBe('a - b');
  });
});
