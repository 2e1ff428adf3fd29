import type { PiiMatch, Recognizer } from '../recognizer';

// 123-45-6789, 123 45 6789, 123.45.6789 (one separator style) or nine bare digits.
const CANDIDATE = /(?<![\w.-])(\d{3})([- .]?)(\d{2})\2(\d{4})(?![\w-]|\.\d)/g;

/** Numbers the SSA never issues, or that are published examples, which Presidio also refuses. */
const KNOWN_FAKE = new Set(['078051120', '219099999', '123456789', '987654320']);

/**
 * Whether a nine-digit number can be a Social Security number: areas 000, 666 and 900-999 are never
 * assigned, nor group 00 or serial 0000.
 */
export function ssnValid(area: string, group: string, serial: string): boolean {
  if (area === '000' || area === '666' || area[0] === '9') return false;
  if (group === '00' || serial === '0000') return false;
  const all = area + group + serial;
  if (/^(\d)\1{8}$/.test(all) || KNOWN_FAKE.has(all)) return false;
  return true;
}

/**
 * Presidio's UsSsnRecognizer: a formatted number scores 0.5, nine bare digits 0.3 (too common alone; context
 * like "SSN" or "social security" brings them over the default threshold).
 */
export class UsSsnRecognizer implements Recognizer {
  readonly name = 'us-ssn';
  readonly entities = ['US_SSN'] as const;
  readonly context = ['ssn', 'ssns', 'social', 'security', 'ssa', 'ssid', 'taxpayer', 'tin'];

  mayMatch(text: string): boolean {
    return /\d{4}/.test(text);
  }

  recognize(text: string): PiiMatch[] {
    const out: PiiMatch[] = [];
    for (const m of text.matchAll(CANDIDATE)) {
      const [raw, area, separator, group, serial] = m;
      if (!ssnValid(area, group, serial)) continue;
      const score = separator === '-' ? 0.5 : separator ? 0.4 : 0.3;
      out.push({ entityType: 'US_SSN', start: m.index, end: m.index + raw.length, score, recognizer: this.name });
    }
    return out;
  }
}
