/**
 * A deterministic corpus of any size for latency measurements: the same seed gives the same chunks on every
 * machine, and any chunk can be generated on its own (from the seed and its index), so 100k chunks stream
 * into the database without being held in memory.
 *
 * What makes it behave like real text for PostgreSQL's full-text search and for BM25: words follow one Zipf
 * law (frequency ~ 1 / rank^1.07), English function words (which `to_tsvector('english')` drops) at the top
 * ranks, so they make up about 40% of the tokens, then pronounceable made-up words, shorter for frequent ones; and
 * each document has a topic whose own words recur through its chunks, so a query has documents that answer it.
 * Queries take 2 to 5 content words of one chunk, mostly of the rarer kind, as people type them.
 */

/** splitmix32: a tiny fast PRNG with good mixing; `seeded(a, b)` gives an independent stream per (seed, index). */
function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    return ((z ^ (z >>> 15)) >>> 0) / 4294967296;
  };
}

function seeded(...parts: number[]): () => number {
  let h = 0x811c9dc5;
  for (const p of parts) {
    h = Math.imul(h ^ (p >>> 0), 0x01000193);
    h ^= h >>> 13;
    h = Math.imul(h, 0x5bd1e995);
  }
  return splitmix32(h);
}

const FUNCTION_WORDS = (
  'the of and to in a is that for it as was with be by on not he this are or his from at which but have an ' +
  'they you were their one all we can her has there been if more when will would who so no its also into ' +
  'than only other some these two may then do any could such them what about after most over between each ' +
  'both through under where while those during our because before being same should very many'
).split(' ');

const ONSETS = ['b', 'c', 'd', 'f', 'g', 'h', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'br', 'cl', 'cr', 'dr'];
const MORE_ONSETS = ['fl', 'gr', 'pl', 'pr', 'sc', 'sp', 'st', 'str', 'tr', 'th', 'ch', 'sh', 'ph', 'qu', 'w', 'z'];
const ALL_ONSETS = [...ONSETS, ...MORE_ONSETS];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'a', 'e', 'i', 'o', 'a', 'e', 'ea', 'ou', 'ai', 'y'];
const CODAS = ['', '', '', 'n', 'r', 's', 'l', 't', 'm', 'nd', 'st', 'nt', 'ct', 'x'];
const SUFFIXES = ['ic', 'al', 'ate', 'ion', 'ity', 'ive', 'ous', 'ment', 'ing', 'ed', 'er', 'ase', 'es', 'ly'];

/** Zipf exponent of content words (English text measures 1.0 to 1.1). */
const ZIPF_EXPONENT = 1.07;
const TOPIC_WORD_SHARE = 0.18;
const TOPICS = 400;
const WORDS_PER_TOPIC = 60;

export interface SyntheticCorpusOptions {
  seed?: number;
  /** Distinct content words (default 50,000). */
  vocabularySize?: number;
  /** Chunks per document (default 10): 10k chunks are 1,000 documents. */
  chunksPerDocument?: number;
}

export interface SyntheticChunk {
  /** 0-based over the whole corpus. */
  ordinal: number;
  documentIndex: number;
  /** 0-based within its document. */
  index: number;
  text: string;
  /** Words in the text (a stand-in for the token count the chunker would record). */
  words: number;
}

export interface SyntheticQuery {
  text: string;
  /** The chunk its words were taken from. */
  sourceChunk: number;
}

export class SyntheticCorpus {
  readonly seed: number;
  readonly chunksPerDocument: number;
  readonly documentCount: number;
  private readonly vocabulary: string[];
  /** Cumulative Zipf weights over the vocabulary, for sampling by rank. */
  private readonly cdf: Float64Array;
  private readonly topicWords: Uint32Array;

  constructor(
    readonly chunkCount: number,
    options: SyntheticCorpusOptions = {},
  ) {
    this.seed = options.seed ?? 20240611;
    this.chunksPerDocument = options.chunksPerDocument ?? 10;
    this.documentCount = Math.ceil(chunkCount / this.chunksPerDocument);
    // Function words hold the top ranks of the one Zipf law real text follows; content words continue below them.
    this.vocabulary = [...FUNCTION_WORDS, ...buildVocabulary(options.vocabularySize ?? 50_000, this.seed)];
    this.cdf = new Float64Array(this.vocabulary.length);
    let sum = 0;
    for (let r = 0; r < this.vocabulary.length; r++) this.cdf[r] = sum += 1 / Math.pow(r + 1, ZIPF_EXPONENT);
    for (let r = 0; r < this.cdf.length; r++) this.cdf[r] /= sum;
    // Topic words come from the middle of the distribution: frequent enough to recur, rare enough to discriminate.
    const rnd = seeded(this.seed, 1);
    const lo = Math.min(FUNCTION_WORDS.length + 500, this.vocabulary.length - 1);
    const span = Math.max(1, Math.min(20_000, this.vocabulary.length) - lo);
    this.topicWords = Uint32Array.from({ length: TOPICS * WORDS_PER_TOPIC }, () => lo + Math.floor(rnd() * span));
  }

  title(documentIndex: number): string {
    const rnd = seeded(this.seed, 2, documentIndex);
    const topic = this.topicOf(documentIndex);
    const words = Array.from({ length: 3 + Math.floor(rnd() * 4) }, () =>
      rnd() < 0.6 ? this.topicWord(topic, rnd) : this.zipfWord(rnd),
    );
    return capitalise(words.join(' '));
  }

  chunk(ordinal: number): SyntheticChunk {
    if (ordinal < 0 || ordinal >= this.chunkCount) throw new RangeError(`chunk ${ordinal} of ${this.chunkCount}`);
    const documentIndex = Math.floor(ordinal / this.chunksPerDocument);
    const rnd = seeded(this.seed, 3, ordinal);
    const topic = this.topicOf(documentIndex);
    const target = 120 + Math.floor(rnd() * 160); // 120 to 280 words, around the 300-token child chunks
    const sentences: string[] = [];
    let words = 0;
    while (words < target) {
      const length = 8 + Math.floor(rnd() * 18);
      const sentence: string[] = [];
      for (let i = 0; i < length; i++) {
        sentence.push(rnd() < TOPIC_WORD_SHARE ? this.topicWord(topic, rnd) : this.zipfWord(rnd));
      }
      if (rnd() < 0.15) sentence.push(String(Math.floor(rnd() * 2000))); // figures appear in real text too
      sentences.push(`${capitalise(sentence.join(' '))}.`);
      words += sentence.length;
    }
    return {
      ordinal,
      documentIndex,
      index: ordinal - documentIndex * this.chunksPerDocument,
      text: sentences.join(' '),
      words,
    };
  }

  /** Chunks `[start, end)` in batches of `size`, generated as they are consumed. */
  *batches(size: number, start = 0, end = this.chunkCount): Generator<SyntheticChunk[]> {
    for (let from = start; from < end; from += size) {
      yield Array.from({ length: Math.min(size, end - from) }, (_, i) => this.chunk(from + i));
    }
  }

  /** `count` queries, the same for the same seed and corpus size. */
  queries(count: number): SyntheticQuery[] {
    const rnd = seeded(this.seed, 4, this.chunkCount);
    const queries: SyntheticQuery[] = [];
    const functionWords = new Set(FUNCTION_WORDS);
    while (queries.length < count) {
      const sourceChunk = Math.floor(rnd() * this.chunkCount);
      const content = [
        ...new Set(
          this.chunk(sourceChunk)
            .text.toLowerCase()
            .split(/[^a-z]+/)
            .filter((w) => w.length > 2 && !functionWords.has(w)),
        ),
      ];
      if (content.length < 5) continue;
      // Rarer words first (higher rank), with some frequent ones mixed in, as in real queries.
      const rank = (w: string) => this.rankOf(w);
      const byRarity = [...content].sort((a, b) => rank(b) - rank(a));
      const n = 2 + Math.floor(rnd() * 4);
      const picked = new Set<string>();
      while (picked.size < n) {
        const pool = rnd() < 0.7 ? byRarity.slice(0, Math.max(3, byRarity.length >> 2)) : byRarity;
        picked.add(pool[Math.floor(rnd() * pool.length)]);
      }
      queries.push({ text: [...picked].join(' '), sourceChunk });
    }
    return queries;
  }

  private rankIndex?: Map<string, number>;

  private rankOf(word: string): number {
    this.rankIndex ??= new Map(this.vocabulary.map((w, i) => [w, i]));
    return this.rankIndex.get(word) ?? 0;
  }

  private topicOf(documentIndex: number): number {
    return Math.floor(seeded(this.seed, 5, documentIndex)() * TOPICS);
  }

  private topicWord(topic: number, rnd: () => number): string {
    // Within a topic, earlier words are more frequent (a small Zipf of its own).
    const i = Math.min(WORDS_PER_TOPIC - 1, Math.floor(Math.pow(rnd(), 2) * WORDS_PER_TOPIC));
    return this.vocabulary[this.topicWords[topic * WORDS_PER_TOPIC + i]];
  }

  private zipfWord(rnd: () => number): string {
    const u = rnd();
    let lo = 0;
    let hi = this.cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cdf[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    return this.vocabulary[lo];
  }
}

/** Distinct pronounceable words, frequent ranks shorter (Zipf's law of abbreviation). */
function buildVocabulary(size: number, seed: number): string[] {
  const rnd = seeded(seed, 0);
  const words: string[] = [];
  const seen = new Set<string>(FUNCTION_WORDS);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)];
  while (words.length < size) {
    const rank = words.length;
    const syllables = rank < 500 ? 1 : rank < 5000 ? 1 + Math.floor(rnd() * 2) : 2 + Math.floor(rnd() * 2);
    let word = '';
    for (let s = 0; s < syllables; s++) {
      word += pick(s === 0 ? ALL_ONSETS : ONSETS) + pick(VOWELS) + (s === syllables - 1 ? pick(CODAS) : '');
    }
    if (rank >= 2000 && rnd() < 0.5) word += pick(SUFFIXES);
    if (word.length < 3 || seen.has(word)) continue;
    seen.add(word);
    words.push(word);
  }
  return words;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
