import { boostWithContext } from './context-boost';
import { PII_ENTITY_TYPES, type PiiEntityType } from './entity-types';
import { resolveOverlaps } from './overlaps';
import type { AsyncRecognizer, PiiMatch, Recognizer } from './recognizer';
import { CreditCardRecognizer } from './recognizers/credit-card.recognizer';
import { DateOfBirthRecognizer } from './recognizers/date-of-birth.recognizer';
import { EmailRecognizer } from './recognizers/email.recognizer';
import { IbanRecognizer } from './recognizers/iban.recognizer';
import { IpAddressRecognizer } from './recognizers/ip-address.recognizer';
import { PersonHeuristicRecognizer } from './recognizers/person-heuristic.recognizer';
import { PhoneRecognizer } from './recognizers/phone.recognizer';
import { SecretRecognizer } from './recognizers/secret.recognizer';
import { UsSsnRecognizer } from './recognizers/us-ssn.recognizer';

export interface AnalyzeOptions {
  /** Entity types to report; default all. */
  entities?: readonly PiiEntityType[];
  /** Findings scoring below this are dropped (Presidio's score_threshold); default 0. */
  minScore?: number;
  /** Regions national phone numbers are read in; default US. */
  phoneRegions?: readonly string[];
}

interface Prepared {
  recognizer: Recognizer;
  context: ReadonlySet<string>;
}

export const DEFAULT_PHONE_REGIONS: readonly string[] = ['US'];

/** The recognizers every analyzer runs, in no particular order (overlaps are resolved by score). */
export function defaultRecognizers(): Recognizer[] {
  return [
    new EmailRecognizer(),
    new PhoneRecognizer(),
    new CreditCardRecognizer(),
    new IbanRecognizer(),
    new UsSsnRecognizer(),
    new IpAddressRecognizer(),
    new SecretRecognizer(),
    new DateOfBirthRecognizer(),
    new PersonHeuristicRecognizer(),
  ];
}

/**
 * Presidio's AnalyzerEngine in small: every recognizer whose entities are wanted and whose cheap pre-test passes
 * scans the text once with its precompiled patterns; context words raise scores; overlaps keep the best.
 * `analyze` may also ask a NER model for PERSON (replacing the heuristic while the model is loaded);
 * `analyzeSync` never waits on anything and serves the log scrubber.
 */
export class PiiAnalyzer {
  private readonly recognizers: Prepared[];

  constructor(
    recognizers: Recognizer[] = defaultRecognizers(),
    /** The NER recognizer when one is loaded and ready, else undefined; asked on every `analyze`. */
    private readonly ner: () => AsyncRecognizer | undefined = () => undefined,
    private readonly onNerFailure: (err: unknown) => void = () => undefined,
  ) {
    this.recognizers = recognizers.map((recognizer) => ({ recognizer, context: new Set(recognizer.context) }));
  }

  analyzeSync(text: string, options: AnalyzeOptions = {}): PiiMatch[] {
    return this.finish(this.patternMatches(text, options, false), options);
  }

  async analyze(text: string, options: AnalyzeOptions = {}): Promise<PiiMatch[]> {
    const wanted = options.entities ?? PII_ENTITY_TYPES;
    const ner = wanted.includes('PERSON') && text.trim() ? this.ner() : undefined;
    if (!ner) return this.analyzeSync(text, options);
    const matches = this.patternMatches(text, options, true);
    try {
      // The model's own probabilities are its scores: a name it is sure of needs no context word.
      matches.push(...(await ner.recognize(text)));
    } catch (err) {
      // A failing model must not fail the call it serves: the heuristic answers for it this time.
      this.onNerFailure(err);
      matches.push(...this.patternMatches(text, { ...options, entities: ['PERSON'] }, false));
    }
    return this.finish(matches, options);
  }

  private patternMatches(text: string, options: AnalyzeOptions, skipPersonHeuristic: boolean): PiiMatch[] {
    const wanted = new Set(options.entities ?? PII_ENTITY_TYPES);
    const phoneRegions = options.phoneRegions ?? DEFAULT_PHONE_REGIONS;
    const out: PiiMatch[] = [];
    if (!text) return out;
    for (const { recognizer, context } of this.recognizers) {
      if (!recognizer.entities.some((e) => wanted.has(e))) continue;
      if (skipPersonHeuristic && recognizer.entities.length === 1 && recognizer.entities[0] === 'PERSON') continue;
      if (!recognizer.mayMatch(text)) continue;
      for (const m of recognizer.recognize(text, { phoneRegions })) {
        if (wanted.has(m.entityType)) out.push(boostWithContext(text, m, context, recognizer.maxScore));
      }
    }
    return out;
  }

  private finish(matches: PiiMatch[], options: AnalyzeOptions): PiiMatch[] {
    const minScore = options.minScore ?? 0;
    return resolveOverlaps(minScore > 0 ? matches.filter((m) => m.score >= minScore) : matches);
  }
}
