import { contextWordsAround } from '../context-boost';
import type { PiiMatch, Recognizer } from '../recognizer';

const MONTHS = [
  ['jan', 'january'],
  ['feb', 'february'],
  ['mar', 'march'],
  ['apr', 'april'],
  ['may'],
  ['jun', 'june'],
  ['jul', 'july'],
  ['aug', 'august'],
  ['sep', 'sept', 'september'],
  ['oct', 'october'],
  ['nov', 'november'],
  ['dec', 'december'],
];
const MONTH_NUMBER = new Map<string, number>(MONTHS.flatMap((names, i) => names.map((n) => [n, i + 1] as const)));
const MONTH = `(${[...MONTH_NUMBER.keys()].sort((a, b) => b.length - a.length).join('|')})\\.?`;
const DAY = '(\\d{1,2})(?:st|nd|rd|th)?';
const YEAR = '((?:19|20)\\d{2})';

// One alternation, so the text is scanned once: ISO (2024-03-12), numeric (12/03/1985, 3.12.85),
// "12 March 1985" / "12th of March, 1985", and "March 12, 1985".
const DATE = new RegExp(
  [
    `(?<![\\w/.-])${YEAR}([-/.])(\\d{1,2})\\2(\\d{1,2})(?![\\w/-]|\\.\\d)`,
    `(?<![\\w/.-])(\\d{1,2})([-/.])(\\d{1,2})\\6(\\d{4}|\\d{2})(?![\\w/-]|\\.\\d)`,
    `\\b${DAY}(?:\\s+of)?\\s+${MONTH},?\\s+${YEAR}\\b`,
    `\\b${MONTH}\\s+${DAY},?\\s+${YEAR}\\b`,
  ].join('|'),
  'gi',
);

/** Words that mark a date as someone's birth date. */
const BIRTH_WORDS = new Set(['born', 'birth', 'birthday', 'birthdate', 'dob', 'b', 'geboren', 'née', 'nee']);

function validDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function fullYear(raw: string): number {
  const n = Number(raw);
  return raw.length === 2 ? (n > 30 ? 1900 + n : 2000 + n) : n;
}

/** Whether the regex groups of one match make a real calendar date (either day-month order for numeric dates). */
function isCalendarDate(g: (string | undefined)[]): boolean {
  if (g[1]) return validDay(Number(g[1]), Number(g[3]), Number(g[4]));
  if (g[5]) {
    const year = fullYear(g[8]!);
    const a = Number(g[5]);
    const b = Number(g[7]);
    if (year < 1900 || year > 2099) return false;
    return validDay(year, a, b) || validDay(year, b, a);
  }
  if (g[9]) return validDay(Number(g[11]), MONTH_NUMBER.get(g[10]!.toLowerCase())!, Number(g[9]));
  return validDay(Number(g[14]), MONTH_NUMBER.get(g[12]!.toLowerCase())!, Number(g[13]));
}

/**
 * Calendar dates. Next to a birth word ("born", "date of birth", "DOB") a date is a DATE_OF_BIRTH (0.85);
 * otherwise a DATE_TIME at 0.4, below the default threshold, since ordinary dates are what documents are about.
 */
export class DateOfBirthRecognizer implements Recognizer {
  readonly name = 'date';
  readonly entities = ['DATE_OF_BIRTH', 'DATE_TIME'] as const;
  // Birth words decide the entity type here rather than adding to the score.
  readonly context = [];

  mayMatch(text: string): boolean {
    return /\d{2}/.test(text);
  }

  recognize(text: string): PiiMatch[] {
    const out: PiiMatch[] = [];
    for (const m of text.matchAll(DATE)) {
      if (!isCalendarDate(m)) continue;
      const start = m.index;
      const end = start + m[0].length;
      const birth = contextWordsAround(text, start, end).some((w) => BIRTH_WORDS.has(w));
      out.push(
        birth
          ? { entityType: 'DATE_OF_BIRTH', start, end, score: 0.85, recognizer: this.name }
          : { entityType: 'DATE_TIME', start, end, score: 0.4, recognizer: this.name },
      );
    }
    return out;
  }
}
