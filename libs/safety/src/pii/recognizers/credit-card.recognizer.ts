import type { PiiMatch, Recognizer } from '../recognizer';

// 13 to 19 digits, in groups separated by single spaces or dashes, not glued to other digits or letters.
const CANDIDATE = /(?<![\w-])\d(?:[ -]?\d){12,18}(?![\w-])/g;

/** Issuer prefixes of the networks Presidio's CreditCardRecognizer knows (Visa, Mastercard, Amex, Discover, Diners, JCB...). */
const ISSUER = /^(?:4|5[1-5]|2[2-7]|3[47]|3(?:0[0-5]|[68])|6(?:011|5|4[4-9]|22)|35|2131|1800|62)/;

/** The Luhn (mod 10) check every payment card number passes. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** Card numbers of a known issuer that pass Luhn score 1; a number failing Luhn is no card, whatever it looks like. */
export class CreditCardRecognizer implements Recognizer {
  readonly name = 'credit-card';
  readonly entities = ['CREDIT_CARD'] as const;
  readonly context = ['credit', 'card', 'visa', 'mastercard', 'amex', 'cc', 'payment', 'debit', 'pan'];

  mayMatch(text: string): boolean {
    return /\d{4}/.test(text);
  }

  recognize(text: string): PiiMatch[] {
    const out: PiiMatch[] = [];
    for (const m of text.matchAll(CANDIDATE)) {
      const raw = m[0];
      // One separator style throughout ("4111 1111-1111 1111" is not how a card number is written).
      if (raw.includes(' ') && raw.includes('-')) continue;
      const digits = raw.replace(/[ -]/g, '');
      if (!ISSUER.test(digits) || !luhnValid(digits) || /^(\d)\1+$/.test(digits)) continue;
      out.push({
        entityType: 'CREDIT_CARD',
        start: m.index,
        end: m.index + raw.length,
        score: 1,
        recognizer: this.name,
      });
    }
    return out;
  }
}
