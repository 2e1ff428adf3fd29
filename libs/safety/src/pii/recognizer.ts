import type { PiiEntityType } from './entity-types';

/** One finding: `text.slice(start, end)` is the value (offsets in UTF-16 code units, as JavaScript counts). */
export interface PiiMatch {
  entityType: PiiEntityType;
  start: number;
  end: number;
  /** Confidence in [0, 1], after context boosting. */
  score: number;
  /** Which recognizer found it (e.g. `person-heuristic` versus `person-ner`). */
  recognizer: string;
}

export interface RecognizeOptions {
  /** ISO 3166 regions national-format phone numbers are read in (international ones are found whatever these are). */
  phoneRegions: readonly string[];
}

/**
 * A pattern recognizer in Presidio's sense: finds candidates, validates them (checksums, ranges) and gives
 * each a base score. Context words near a match raise its score afterwards (see `context-boost.ts`).
 */
export interface Recognizer {
  readonly name: string;
  readonly entities: readonly PiiEntityType[];
  /** Lowercase words that, a few words before or just after a match, make it more likely real. */
  readonly context: readonly string[];
  /** The most context may raise a score to; heuristics stay below the validated recognizers. Default 1. */
  readonly maxScore?: number;
  /** A cheap test that the text can hold a match at all; false skips the recognizer's scan. */
  mayMatch(text: string): boolean;
  recognize(text: string, options: RecognizeOptions): PiiMatch[];
}

/** A recognizer that needs I/O or a model (a NER model in its own thread): only the async analysis runs it. */
export interface AsyncRecognizer {
  readonly name: string;
  readonly entities: readonly PiiEntityType[];
  recognize(text: string): Promise<PiiMatch[]>;
}
