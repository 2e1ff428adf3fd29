import {
  HIDDEN_CHARACTERS,
  HIDDEN_TEXT_WEIGHT,
  INJECTION_PATTERNS,
  type InjectionCategory,
  type InjectionPattern,
} from './injection-patterns';

export interface InjectionHit {
  pattern: string;
  category: InjectionCategory;
  weight: number;
  /** Offset of the hit in the normalized text (hidden characters removed, compatibility forms folded). */
  index: number;
}

export interface InjectionScan {
  /** 0..1: the hits combined as independent evidence, 1 - prod(1 - weight) over distinct patterns. */
  score: number;
  hits: InjectionHit[];
}

const MAX_HITS = 50;

/**
 * Scans text for prompt-injection patterns in one pass: every pattern is one alternative of a single
 * precompiled regex with a named group per pattern, run over the text once after normalizing it (NFKC folds
 * full-width and other look-alike letters; hidden characters are removed, and counted as a hit themselves).
 */
export class InjectionScanner {
  private readonly combined: RegExp;
  private readonly byGroup: Map<string, InjectionPattern>;

  constructor(private readonly patterns: readonly InjectionPattern[] = INJECTION_PATTERNS) {
    this.byGroup = new Map(patterns.map((p, i) => [`p${i}`, p]));
    // Without the `u` flag: the patterns are ASCII (the text is NFKC-folded first), and V8 runs a large
    // alternation about twice as fast without it (measured: 4 ms against 11 ms per MB, bench:safety).
    this.combined = new RegExp(patterns.map((p, i) => `(?<p${i}>${p.source})`).join('|'), 'gi');
  }

  scan(text: string): InjectionScan {
    if (!text) return { score: 0, hits: [] };
    const hits: InjectionHit[] = [];
    let normalized = text.normalize('NFKC');
    const hidden = normalized.match(HIDDEN_CHARACTERS);
    if (hidden) {
      normalized = normalized.replace(HIDDEN_CHARACTERS, '');
      hits.push({ pattern: 'hidden-characters', category: 'hidden-text', weight: HIDDEN_TEXT_WEIGHT, index: 0 });
    }
    for (const m of normalized.matchAll(this.combined)) {
      const groups = m.groups!;
      for (const key in groups) {
        if (groups[key] === undefined) continue;
        const p = this.byGroup.get(key)!;
        hits.push({ pattern: p.id, category: p.category, weight: p.weight, index: m.index });
        break;
      }
      if (hits.length >= MAX_HITS) break;
    }
    return { score: combine(hits), hits };
  }
}

function combine(hits: readonly InjectionHit[]): number {
  const seen = new Set<string>();
  let miss = 1;
  for (const h of hits) {
    if (seen.has(h.pattern)) continue;
    seen.add(h.pattern);
    miss *= 1 - h.weight;
  }
  return Math.round((1 - miss) * 1000) / 1000;
}
