import type { PiiMatch, Recognizer } from '../recognizer';
import { FIRST_NAMES } from './first-names';

const NAME_WORD = "[A-Z][a-z]+(?:['’-][A-Z]?[a-z]+)?";
// Names stay on one line: a capitalised word on the next line usually starts a new sentence or heading.
const FULL_NAME = `${NAME_WORD}(?:[ \\t]+(?:[A-Z]\\.[ \\t]*)?${NAME_WORD}){0,2}`;

// Titles and phrases that introduce a name; the name after them is the match.
const INTRODUCED = new RegExp(
  `\\b(?:(?:Mr|Mrs|Ms|Mx|Dr|Prof)\\.?|Miss|Professor|Sir|Dame|Madam|[Mm]y name is|[Nn]ame:|[Dd]ear|[Ss]incerely,?|[Rr]egards,?|[Ss]igned(?: by)?:?)\\s{1,3}(${FULL_NAME})`,
  'g',
);
// Two or three capitalised words whose first is a common given name.
// The surname is read in a lookahead so that only the first word is consumed: in "Annual Report Maria Lopez"
// the scan still reaches "Maria".
const GIVEN_THEN_SURNAME = new RegExp(`\\b(${NAME_WORD})(?=((?:[ \\t]+(?:[A-Z]\\.[ \\t]*)?${NAME_WORD}){1,2}))`, 'g');

/**
 * Person names without a NER model: names after a title or an introduction (0.6), and a common given name
 * followed by a capitalised surname (0.5). Marked `person-heuristic` and capped at 0.7 even with context:
 * it misses names it has no list entry for and can take a place or a product for a person.
 */
export class PersonHeuristicRecognizer implements Recognizer {
  readonly name = 'person-heuristic';
  readonly entities = ['PERSON'] as const;
  readonly context = [
    'name',
    'named',
    'patient',
    'employee',
    'customer',
    'client',
    'contact',
    'author',
    'signed',
    'called',
    'mr',
    'mrs',
    'ms',
  ];
  readonly maxScore = 0.7;

  mayMatch(text: string): boolean {
    return /[A-Z][a-z]/.test(text);
  }

  recognize(text: string): PiiMatch[] {
    const out: PiiMatch[] = [];
    for (const m of text.matchAll(INTRODUCED)) {
      const start = m.index + m[0].length - m[1].length;
      out.push({ entityType: 'PERSON', start, end: start + m[1].length, score: 0.6, recognizer: this.name });
    }
    for (const m of text.matchAll(GIVEN_THEN_SURNAME)) {
      if (!FIRST_NAMES.has(m[1].toLowerCase())) continue;
      const end = m.index + m[1].length + m[2].length;
      out.push({ entityType: 'PERSON', start: m.index, end, score: 0.5, recognizer: this.name });
    }
    return out;
  }
}
