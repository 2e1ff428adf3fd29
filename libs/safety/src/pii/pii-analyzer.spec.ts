import { contextWordsAround } from './context-boost';
import { PiiAnalyzer } from './pii-analyzer';
import { resolveOverlaps } from './overlaps';
import type { AsyncRecognizer, PiiMatch } from './recognizer';

const match = (start: number, end: number, score: number): PiiMatch => ({
  entityType: 'PERSON',
  start,
  end,
  score,
  recognizer: 'test',
});

describe('PiiAnalyzer', () => {
  const analyzer = new PiiAnalyzer();
  const text =
    'Patient Maria Lopez (DOB 1985-03-12, SSN 536-22-1234) can be reached at maria.lopez@example.com or ' +
    '+1 415 555 2671. Card 4111 1111 1111 1111, IBAN DE89 3704 0044 0532 0130 00, last login from 10.1.2.3. ' +
    'The visit was on 2024-01-15.';

  it('finds every kind in one text, in text order', () => {
    const found = analyzer.analyzeSync(text, {}).map((m) => [m.entityType, text.slice(m.start, m.end)]);
    expect(found).toEqual([
      ['PERSON', 'Maria Lopez'],
      ['DATE_OF_BIRTH', '1985-03-12'],
      ['US_SSN', '536-22-1234'],
      ['EMAIL_ADDRESS', 'maria.lopez@example.com'],
      ['PHONE_NUMBER', '+1 415 555 2671'],
      ['CREDIT_CARD', '4111 1111 1111 1111'],
      ['IBAN_CODE', 'DE89 3704 0044 0532 0130 00'],
      ['IP_ADDRESS', '10.1.2.3'],
      ['DATE_TIME', '2024-01-15'],
    ]);
  });

  it('reports only the entity types asked for, and drops findings under minScore', () => {
    const types = (options: Parameters<PiiAnalyzer['analyzeSync']>[1]) =>
      analyzer.analyzeSync(text, options).map((m) => m.entityType);
    expect(types({ entities: ['EMAIL_ADDRESS', 'IBAN_CODE'] })).toEqual(['EMAIL_ADDRESS', 'IBAN_CODE']);
    expect(types({ minScore: 0.5 })).not.toContain('DATE_TIME');
    expect(types({ entities: [] })).toEqual([]);
  });

  it('keeps the better of overlapping findings (a card number is not also a phone number)', () => {
    const card = '4111 1111 1111 1111';
    expect(analyzer.analyzeSync(`card ${card}`, {}).map((m) => m.entityType)).toEqual(['CREDIT_CARD']);
  });

  it('answers an empty text with nothing', async () => {
    expect(analyzer.analyzeSync('', {})).toEqual([]);
    expect(await analyzer.analyze('', {})).toEqual([]);
  });

  it('uses a NER recognizer for PERSON when one is ready, and the heuristic when it fails', async () => {
    const calls: string[] = [];
    let fail = false;
    const ner: AsyncRecognizer = {
      name: 'person-ner',
      entities: ['PERSON'],
      recognize: async (t) => {
        calls.push(t);
        if (fail) throw new Error('model thread died');
        const at = t.indexOf('ada');
        return at < 0 ? [] : [{ entityType: 'PERSON', start: at, end: at + 3, score: 0.91, recognizer: 'person-ner' }];
      },
    };
    const failures: unknown[] = [];
    const withNer = new PiiAnalyzer(
      undefined,
      () => ner,
      (err) => failures.push(err),
    );
    const sample = 'ada wrote to Maria Lopez';
    expect(await withNer.analyze(sample, { entities: ['PERSON'] })).toEqual([
      { entityType: 'PERSON', start: 0, end: 3, score: 0.91, recognizer: 'person-ner' },
    ]);
    // PERSON not asked for: the model is not run.
    await withNer.analyze(sample, { entities: ['EMAIL_ADDRESS'] });
    expect(calls).toHaveLength(1);
    fail = true;
    const fallback = await withNer.analyze(sample, { entities: ['PERSON'] });
    expect(fallback.map((m) => [sample.slice(m.start, m.end), m.recognizer])).toEqual([
      ['Maria Lopez', 'person-heuristic'],
    ]);
    expect(failures).toHaveLength(1);
  });
});

describe('context boosting', () => {
  it('reads up to five words before and two after a match', () => {
    const t = 'one two three four five six SECRET seven eight nine';
    const start = t.indexOf('SECRET');
    expect(contextWordsAround(t, start, start + 6)).toEqual(['two', 'three', 'four', 'five', 'six', 'seven', 'eight']);
  });

  it('raises a score by 0.35, to at least 0.4, capped at the recognizer maximum', () => {
    const analyzer = new PiiAnalyzer();
    const score = (t: string) => analyzer.analyzeSync(t, { entities: ['US_SSN'] })[0]?.score;
    expect(score('number 536221234')).toBe(0.3);
    expect(score('ssn 536221234')).toBe(0.65);
    expect(score('social security: 536-22-1234')).toBe(0.85);
    // The person heuristic stays a heuristic: context takes it to 0.7 at most.
    const person = analyzer.analyzeSync('patient named John Smith', { entities: ['PERSON'] });
    expect(person.map((m) => m.score)).toEqual([0.7]);
  });
});

describe('resolveOverlaps', () => {
  it('keeps the higher score, then the longer span, and returns text order', () => {
    expect(resolveOverlaps([match(0, 5, 0.5), match(3, 8, 0.9), match(10, 12, 0.1)])).toEqual([
      match(3, 8, 0.9),
      match(10, 12, 0.1),
    ]);
    expect(resolveOverlaps([match(0, 4, 0.5), match(0, 9, 0.5), match(9, 10, 0.5)])).toEqual([
      match(0, 9, 0.5),
      match(9, 10, 0.5),
    ]);
  });
});
