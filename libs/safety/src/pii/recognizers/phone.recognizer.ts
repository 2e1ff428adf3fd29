import { findPhoneNumbersInText, type CountryCode } from 'libphonenumber-js/max';
import type { PiiMatch, RecognizeOptions, Recognizer } from '../recognizer';

// Runs of at least seven digits with the separators phone numbers are written with. Only these windows
// go to libphonenumber, which is far slower per character than one regex scan over prose.
const CANDIDATE = /[+(]?\d(?:[ \t\u00a0.\-/()]{0,3}\d){6,17}\)?/g;
// Dates (2024-03-12, 12/03/1985) and dotted quads (10.20.30.40) are far more common in documents than phone
// numbers and are never written as one; skipping them halves the calls into libphonenumber on business text.
const NOT_A_PHONE =
  /^(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2})|\d{1,3}(?:\.\d{1,3}){3})$/;

/**
 * Presidio's PhoneRecognizer, on libphonenumber's full metadata: numbers that are valid in international
 * form (any country) score 0.7, valid national-format numbers of the policy's regions 0.6; "phone", "call"
 * or "tel" nearby raise them.
 */
export class PhoneRecognizer implements Recognizer {
  readonly name = 'phone';
  readonly entities = ['PHONE_NUMBER'] as const;
  readonly context = [
    'phone',
    'telephone',
    'tel',
    'cell',
    'mobile',
    'call',
    'fax',
    'number',
    'whatsapp',
    'sms',
    'text',
    'reach',
    'contact',
  ];

  mayMatch(text: string): boolean {
    return /\d{3}/.test(text);
  }

  recognize(text: string, options: RecognizeOptions): PiiMatch[] {
    const out: PiiMatch[] = [];
    const regions = options.phoneRegions.length ? options.phoneRegions : [undefined];
    for (const m of text.matchAll(CANDIDATE)) {
      const window = m[0];
      if (NOT_A_PHONE.test(window)) continue;
      const seen = new Set<number>();
      for (const region of regions) {
        for (const found of findPhoneNumbersInText(window, { defaultCountry: region as CountryCode | undefined })) {
          if (seen.has(found.startsAt)) continue;
          seen.add(found.startsAt);
          const international = window[found.startsAt] === '+';
          out.push({
            entityType: 'PHONE_NUMBER',
            start: m.index + found.startsAt,
            end: m.index + found.endsAt,
            score: international ? 0.7 : 0.6,
            recognizer: this.name,
          });
        }
      }
    }
    return out;
  }
}
