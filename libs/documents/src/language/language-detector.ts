import { STOPWORD_PROFILES, type Script, type StopwordProfile } from './stopword-profiles';
import { FALLBACK_TEXT_SEARCH_CONFIG } from './text-search-languages';

/** What the detector concluded about a text. */
export interface LanguageGuess {
  /** The language recognised (`english`, `polish`...), or `undetermined`. */
  language: string;
  /** The text search configuration to index it with (`simple` for languages without a stemmer). */
  config: string;
  /**
   * `high`: enough text and a clear winner (it may override the language of the rest of the document);
   * `low`: the best reading, from little text or a near tie between close languages (Danish and Norwegian);
   * `none`: nothing to go by.
   */
  confidence: 'high' | 'low' | 'none';
  /** Words of the text's main script that were read. */
  words: number;
}

/** Words read at most: a few thousand settle any language this detector knows. */
const MAX_WORDS = 4000;
/** Fewer words than this say nothing reliable. */
const MIN_WORDS = 5;
/**
 * At least this much stop-word weight for any reading, or one word no other language has (a short English
 * note with a single "and" is still English).
 */
const MIN_HITS = 2;
/** Function words are a third of running text; below this share the text is a list, a table or code. */
const MIN_RATIO = 0.04;
/** The runner-up's weight over the winner's above which the text is a near tie. */
const TIE = 0.85;
/** What a `high` guess needs. */
const HIGH_WORDS = 30;
const HIGH_RATIO = 0.1;
const HIGH_MARGIN = 0.6;

const WORD = /[\p{L}\p{M}]+/gu;

const SCRIPT_TESTS: [Script | 'other', RegExp][] = [
  ['latin', /\p{Script=Latin}/u],
  ['cyrillic', /\p{Script=Cyrillic}/u],
  ['greek', /\p{Script=Greek}/u],
  ['arabic', /\p{Script=Arabic}/u],
  ['hebrew', /\p{Script=Hebrew}/u],
  ['devanagari', /\p{Script=Devanagari}/u],
  ['tamil', /\p{Script=Tamil}/u],
  ['armenian', /\p{Script=Armenian}/u],
];

function scriptOf(word: string): Script | 'other' {
  // ASCII, Latin-1 and Latin Extended: most words of most texts, without a regular expression.
  if (word.charCodeAt(0) < 0x250) return 'latin';
  for (const [script, test] of SCRIPT_TESTS) if (test.test(word[0])) return script;
  return 'other';
}

interface CompiledProfile extends StopwordProfile {
  set: ReadonlySet<string>;
}

const PROFILES_BY_SCRIPT = new Map<Script, CompiledProfile[]>();
for (const profile of STOPWORD_PROFILES) {
  const list = PROFILES_BY_SCRIPT.get(profile.script) ?? [];
  list.push({ ...profile, set: new Set(profile.words.split(/\s+/).filter(Boolean)) });
  PROFILES_BY_SCRIPT.set(profile.script, list);
}
/**
 * For each script, each stop word's profiles (their positions in PROFILES_BY_SCRIPT): a word listed by k
 * languages counts 1/k for each. One lookup per word read, not one per profile (this runs on every chunk).
 */
const LISTED_IN = new Map<Script, Map<string, number[]>>();
for (const [script, profiles] of PROFILES_BY_SCRIPT) {
  const index = new Map<string, number[]>();
  profiles.forEach((profile, i) => {
    for (const word of profile.set) {
      const at = index.get(word);
      if (at) at.push(i);
      else index.set(word, [i]);
    }
  });
  LISTED_IN.set(script, index);
}

const UNDETERMINED: LanguageGuess = {
  language: 'undetermined',
  config: FALLBACK_TEXT_SEARCH_CONFIG,
  confidence: 'none',
  words: 0,
};

/**
 * Tells the language of a text from its function words (a dependency-free stop-word profile per language,
 * see STOPWORD_PROFILES), after its script: Greek, Tamil and Armenian text is what its script says; Latin,
 * Cyrillic, Arabic, Hebrew and Devanagari text is the profile of that script whose words weigh most. Scripts
 * without a stemmer in PostgreSQL (Chinese, Japanese, Korean, Thai...) and texts without enough function
 * words (tables, code, lists of names) come out as `simple`.
 */
export function detectLanguage(text: string): LanguageGuess {
  const words: string[] = [];
  const scripts: (Script | 'other')[] = [];
  const counts = new Map<Script | 'other', number>();
  let read = 0;
  for (const match of text.normalize('NFC').matchAll(WORD)) {
    const word = match[0].toLowerCase();
    const script = scriptOf(word);
    words.push(word);
    scripts.push(script);
    counts.set(script, (counts.get(script) ?? 0) + 1);
    if (++read >= MAX_WORDS) break;
  }
  let main: Script | 'other' | undefined;
  let mainCount = 0;
  for (const [script, count] of counts) {
    if (count > mainCount) {
      main = script;
      mainCount = count;
    }
  }
  if (!main || mainCount < MIN_WORDS) return { ...UNDETERMINED, words: mainCount };
  if (main === 'other') {
    return { language: 'other-script', config: FALLBACK_TEXT_SEARCH_CONFIG, confidence: 'low', words: mainCount };
  }
  const profiles = PROFILES_BY_SCRIPT.get(main) ?? [];
  if (profiles.length === 1) {
    const only = profiles[0];
    const confidence = mainCount >= HIGH_WORDS && mainCount >= read / 2 ? 'high' : 'low';
    return { language: only.language, config: only.config, confidence, words: mainCount };
  }
  const scores = profiles.map(() => 0);
  const listed = LISTED_IN.get(main)!;
  for (let w = 0; w < words.length; w++) {
    if (scripts[w] !== main) continue;
    const at = listed.get(words[w]);
    if (!at) continue;
    for (const i of at) scores[i] += 1 / at.length;
  }
  let best = 0;
  let second = -1;
  for (let i = 1; i < scores.length; i++) {
    if (scores[i] > scores[best]) {
      second = best;
      best = i;
    } else if (second < 0 || scores[i] > scores[second]) second = i;
  }
  const top = scores[best];
  const runnerUp = second >= 0 ? scores[second] : 0;
  const ratio = top / mainCount;
  if ((top < MIN_HITS && !(top >= 1 && runnerUp === 0)) || ratio < MIN_RATIO) {
    return { ...UNDETERMINED, words: mainCount };
  }
  const margin = runnerUp / top;
  const winner = profiles[best];
  if (margin > TIE && profiles[second].config !== winner.config && !closeKin(winner, profiles[second])) {
    return { ...UNDETERMINED, words: mainCount };
  }
  const high = mainCount >= HIGH_WORDS && ratio >= HIGH_RATIO && margin <= HIGH_MARGIN && mainCount >= read / 2;
  return { language: winner.language, config: winner.config, confidence: high ? 'high' : 'low', words: mainCount };
}

/** Languages close enough that taking one for the other still stems most words right. */
const KIN: string[][] = [['danish', 'norwegian', 'swedish']];

function closeKin(a: StopwordProfile, b: StopwordProfile): boolean {
  return KIN.some((group) => group.includes(a.language) && group.includes(b.language));
}
