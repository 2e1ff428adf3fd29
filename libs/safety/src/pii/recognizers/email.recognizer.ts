import type { PiiMatch, Recognizer } from '../recognizer';

// Local part and domain as mail systems actually use them (RFC 5322's quoted forms are left out); the TLD
// must be letters, so "v1.2@3.4" is no address.
const EMAIL =
  /(?<![\w.%+-])[A-Za-z0-9](?:[A-Za-z0-9._%+-]{0,62}[A-Za-z0-9_%+-])?@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![\w-])/g;

/** Presidio's EmailRecognizer: a well-formed address scores 1 (Presidio validates the TLD likewise). */
export class EmailRecognizer implements Recognizer {
  readonly name = 'email';
  readonly entities = ['EMAIL_ADDRESS'] as const;
  readonly context = ['email', 'mail', 'e', 'contact', 'address', 'reach'];

  mayMatch(text: string): boolean {
    return text.includes('@');
  }

  recognize(text: string): PiiMatch[] {
    const out: PiiMatch[] = [];
    for (const m of text.matchAll(EMAIL)) {
      if (m[0].includes('..')) continue;
      out.push({
        entityType: 'EMAIL_ADDRESS',
        start: m.index,
        end: m.index + m[0].length,
        score: 1,
        recognizer: this.name,
      });
    }
    return out;
  }
}
