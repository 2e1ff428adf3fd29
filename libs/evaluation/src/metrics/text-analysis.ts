/**
 * The word-level tools the offline metrics are built from: content words (lower-cased, stop words out,
 * lightly stemmed), sentences, and how much of one text's content another covers. Deterministic, so an
 * offline score is the same on every machine and every run.
 */

const STOPWORDS = new Set(
  (
    'a an and are as at be been being but by can could did do does doing for from had has have having how i if ' +
    'in into is it its itself me my of on or our ours should so than that the their theirs them then there ' +
    'these they this those to too was we were what when where which while who whom whose why will with would ' +
    'you your yours about above after again against all also am any because before below between both down ' +
    'during each few further here just more most much many no nor not now off once only other out over own ' +
    'same some such very up under until tell please give list explain describe one ever let lets'
  ).split(' '),
);

/** Light suffix stripping, so that "listens", "listening" and "listened" meet at "listen". */
export function stem(word: string): string {
  // Numbers and identifiers (v1.2, node_modules) are compared as written.
  if (word.length <= 3 || /[\d._-]/.test(word)) return word;
  let out = word;
  if (out.endsWith('ies') && out.length > 5) out = `${out.slice(0, -3)}y`;
  else {
    for (const suffix of ['ing', 'ed', 's']) {
      if (out.endsWith(suffix) && !out.endsWith('ss') && out.length - suffix.length >= 3) {
        out = out.slice(0, -suffix.length);
        break;
      }
    }
  }
  // "required" and "requires" lose different suffixes; dropping a final e makes them meet.
  return out.length > 3 && out.endsWith('e') ? out.slice(0, -1) : out;
}

/** Content words in order (repeats kept). Numbers count: "3000" is what a port question is about. */
export function contentTerms(text: string): string[] {
  const out: string[] = [];
  for (const [word] of text.toLowerCase().matchAll(/[\p{L}\p{N}]+(?:[._-][\p{L}\p{N}]+)*/gu)) {
    if (STOPWORDS.has(word)) continue;
    if (word.length < 2 && !/\d/.test(word)) continue;
    out.push(stem(word));
  }
  return out;
}

export function termSet(text: string): Set<string> {
  return new Set(contentTerms(text));
}

/** `[1]`, `[2, 3]`, `[doc-id]` markers: citations, not content. */
const CITATION_MARKER = /\s*\[[^\]\n]{1,80}\]/g;

export function stripCitationMarkers(text: string): string {
  return text.replace(CITATION_MARKER, '').replace(/\s+/g, ' ').trim();
}

/**
 * Sentences of a text, citation markers removed. A sentence ends at `.`, `!` or `?` followed by a space
 * (or at a line break), except after a single capital letter or a few abbreviations.
 */
export function splitSentences(text: string): string[] {
  const clean = text.replace(/\r\n?/g, '\n');
  const out: string[] = [];
  for (const block of clean.split(/\n+/)) {
    let start = 0;
    const re = /[.!?]+(?:\s*\[[^\]\n]{1,80}\])*(?=\s+|$)/g;
    for (let m = re.exec(block); m; m = re.exec(block)) {
      const before = block.slice(start, m.index);
      if (/(?:\b[A-Z]|\be\.g|\bi\.e|\betc|\bvs|\bNo|\bMr|\bDr|\bMs)$/.test(before)) continue;
      out.push(block.slice(start, m.index + m[0].length));
      start = m.index + m[0].length;
    }
    out.push(block.slice(start));
  }
  return out.map(stripCitationMarkers).filter((s) => contentTerms(s).length > 0);
}

/**
 * Share of `part`'s content words found in `whole` (1 when `part` has none: nothing in it is unsupported).
 * Not symmetric: a short claim is covered by a long passage that contains it.
 */
export function coverage(part: ReadonlySet<string>, whole: ReadonlySet<string>): number {
  if (part.size === 0) return 1;
  let found = 0;
  for (const term of part) if (whole.has(term)) found++;
  return found / part.size;
}

/** The best coverage of `part` by any one of `wholes` (0 when there are none). */
export function bestCoverage(part: ReadonlySet<string>, wholes: readonly ReadonlySet<string>[]): number {
  let best = 0;
  for (const whole of wholes) best = Math.max(best, coverage(part, whole));
  return best;
}

export function union(sets: readonly ReadonlySet<string>[]): Set<string> {
  const out = new Set<string>();
  for (const s of sets) for (const t of s) out.add(t);
  return out;
}

/**
 * Phrases by which an answer declines to answer. The agent's own outcome says it more reliably; these catch
 * the models' ways of saying it in words.
 */
const NONCOMMITTAL =
  /\b(?:(?:does|do|did) not (?:contain|say|mention|include|provide|specify|state|cover)|(?:doesn't|don't|didn't) (?:contain|say|mention|include|provide|specify|state|cover|know)|(?:no|not enough) (?:information|context|answer|mention|details?)|(?:cannot|can't|can not|unable to) (?:answer|find|determine|tell|say)|not (?:mentioned|stated|specified|covered|found|available) in|i (?:do not|don't) know|there is no (?:information|mention))\b/i;

export function isNoncommittal(answer: string): boolean {
  return NONCOMMITTAL.test(answer);
}

/** Clamps to [0, 1] and rounds to 4 decimals, so stored scores compare exactly. */
export function unitScore(value: number): number {
  if (!Number.isFinite(value)) return 0;
  return Math.round(Math.min(1, Math.max(0, value)) * 10_000) / 10_000;
}
