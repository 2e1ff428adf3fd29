import {
  contentTerms,
  coverage,
  isNoncommittal,
  splitSentences,
  stem,
  stripCitationMarkers,
  termSet,
  unitScore,
} from './text-analysis';

describe('text analysis for the offline metrics', () => {
  it('stems the forms of a word to one term', () => {
    expect(new Set(['listens', 'listening', 'listened', 'listen'].map(stem))).toEqual(new Set(['listen']));
    expect(stem('required')).toBe(stem('requires'));
    expect(stem('policies')).toBe('policy');
    expect(stem('3000')).toBe('3000');
  });

  it('keeps content words and numbers, drops stop words and punctuation', () => {
    expect(contentTerms('What is the default port of the API? It is 3000.')).toEqual([
      'default',
      'port',
      'api',
      '3000',
    ]);
    expect(contentTerms('Use v1.2 and node_modules')).toEqual(['use', 'v1.2', 'node_modules']);
  });

  it('removes citation markers', () => {
    expect(stripCitationMarkers('The port is 3000 [1]. It can change [2, 3].')).toBe(
      'The port is 3000. It can change.',
    );
  });

  it('splits sentences, not abbreviations or version numbers', () => {
    expect(
      splitSentences('The API uses port 3000 [1]. Version 2.5 is current! Is it? e.g. this one.\nA new line'),
    ).toEqual(['The API uses port 3000.', 'Version 2.5 is current!', 'e.g. this one.', 'A new line']);
  });

  it('measures how much of a part a whole covers, one way only', () => {
    const claim = termSet('The server listens on port 3000');
    const passage = termSet('By default the server listens on port 3000 unless PORT is set.');
    expect(coverage(claim, passage)).toBe(1);
    expect(coverage(passage, claim)).toBeLessThan(1);
    expect(coverage(new Set(), passage)).toBe(1);
    expect(coverage(termSet('Java 17 is required'), passage)).toBe(0);
  });

  it('recognises answers that decline', () => {
    expect(isNoncommittal('The provided context does not contain the answer to this question.')).toBe(true);
    expect(isNoncommittal("I don't know.")).toBe(true);
    expect(isNoncommittal('The documents do not mention a refund policy.')).toBe(true);
    expect(isNoncommittal('Refunds are issued within 30 days.')).toBe(false);
  });

  it('clamps and rounds scores', () => {
    expect(unitScore(2 / 3)).toBe(0.6667);
    expect(unitScore(-1)).toBe(0);
    expect(unitScore(Number.NaN)).toBe(0);
  });
});
