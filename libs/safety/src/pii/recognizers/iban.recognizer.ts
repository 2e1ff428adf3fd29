import type { PiiMatch, Recognizer } from '../recognizer';

/** IBAN length per country, from the SWIFT IBAN registry. */
const IBAN_LENGTHS: Record<string, number> = {
  AD: 24,
  AE: 23,
  AL: 28,
  AT: 20,
  AZ: 28,
  BA: 20,
  BE: 16,
  BG: 22,
  BH: 22,
  BI: 27,
  BR: 29,
  BY: 28,
  CH: 21,
  CR: 22,
  CY: 28,
  CZ: 24,
  DE: 22,
  DJ: 27,
  DK: 18,
  DO: 28,
  EE: 20,
  EG: 29,
  ES: 24,
  FI: 18,
  FK: 18,
  FO: 18,
  FR: 27,
  GB: 22,
  GE: 22,
  GI: 23,
  GL: 18,
  GR: 27,
  GT: 28,
  HR: 21,
  HU: 28,
  IE: 22,
  IL: 23,
  IQ: 23,
  IS: 26,
  IT: 27,
  JO: 30,
  KW: 30,
  KZ: 20,
  LB: 28,
  LC: 32,
  LI: 21,
  LT: 20,
  LU: 20,
  LV: 21,
  LY: 25,
  MC: 27,
  MD: 24,
  ME: 22,
  MK: 19,
  MN: 20,
  MR: 27,
  MT: 31,
  MU: 30,
  NI: 28,
  NL: 18,
  NO: 15,
  OM: 23,
  PK: 24,
  PL: 28,
  PS: 29,
  PT: 25,
  QA: 29,
  RO: 24,
  RS: 22,
  RU: 33,
  SA: 24,
  SC: 31,
  SD: 18,
  SE: 24,
  SI: 19,
  SK: 24,
  SM: 27,
  SO: 23,
  ST: 25,
  SV: 28,
  TL: 23,
  TN: 24,
  TR: 26,
  UA: 29,
  VA: 22,
  VG: 24,
  XK: 20,
  YE: 30,
};

// Country, check digits, then the account part compact or in groups of four split by single spaces.
const CANDIDATE = /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Za-z0-9]{1,4}){3,8}(?![A-Za-z0-9])/g;

/** ISO 13616 mod-97: the country and check digits moved to the end, letters as 10..35, must leave 1. */
export function ibanChecksumValid(iban: string): boolean {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (let i = 0; i < rearranged.length; i++) {
    const c = rearranged.charCodeAt(i);
    // Digits add one decimal place, letters two (A = 10 ... Z = 35).
    if (c >= 48 && c <= 57) remainder = (remainder * 10 + (c - 48)) % 97;
    else if (c >= 65 && c <= 90) remainder = (remainder * 100 + (c - 55)) % 97;
    else return false;
  }
  return remainder === 1;
}

/** Presidio's IbanRecognizer: the country's length and the mod-97 checksum must both hold; then the score is 1. */
export class IbanRecognizer implements Recognizer {
  readonly name = 'iban';
  readonly entities = ['IBAN_CODE'] as const;
  readonly context = ['iban', 'bank', 'account', 'transfer', 'wire', 'sepa', 'bic', 'swift'];

  mayMatch(text: string): boolean {
    return /[A-Z]{2}\d{2}/.test(text);
  }

  recognize(text: string): PiiMatch[] {
    const out: PiiMatch[] = [];
    for (const m of text.matchAll(CANDIDATE)) {
      const match = longestValid(m[0]);
      if (match) {
        out.push({ entityType: 'IBAN_CODE', start: m.index, end: m.index + match, score: 1, recognizer: this.name });
      }
    }
    return out;
  }
}

/**
 * The length (in characters of `raw`) of the IBAN `raw` starts with, or 0. The candidate pattern may have run
 * into a following word ("DE89 3704 0044 0532 0130 00 is"), so the country's length decides where it ends.
 */
function longestValid(raw: string): number {
  const expected = IBAN_LENGTHS[raw.slice(0, 2)];
  if (!expected) return 0;
  let compact = '';
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === ' ') continue;
    compact += raw[i].toUpperCase();
    if (compact.length === expected) {
      const next = raw[i + 1];
      // It must end at a group boundary, not in the middle of a run of characters.
      if (next !== undefined && next !== ' ') return 0;
      return ibanChecksumValid(compact) ? i + 1 : 0;
    }
  }
  return 0;
}
