/**
 * BM25 (Robertson and Zaragoza's form, as Lucene and Anserini compute it):
 *
 *   score(q, d) = sum over query terms t of  qtf(t) * idf(t) * tf(t,d) * (k1 + 1) / (tf(t,d) + k1 * (1 - b + b * len(d) / avglen))
 *   idf(t) = ln(1 + (N - df(t) + 0.5) / (df(t) + 0.5))
 *
 * over PostgreSQL's lexemes (`to_tsvector`: stemmed, stop words dropped); `len(d)` counts the positions of
 * every lexeme in the chunk, as Lucene counts the tokens left after analysis.
 */
export interface Bm25Params {
  k1: number;
  b: number;
}

export interface CorpusStats {
  /** Chunks in the searched collections. */
  chunks: number;
  /** Mean chunk length, in lexeme positions. */
  avgLength: number;
}

export function idf(chunks: number, df: number): number {
  return Math.log(1 + (chunks - df + 0.5) / (df + 0.5));
}

/** One term's contribution before its idf and query weight: the saturated term frequency. */
export function saturation(tf: number, length: number, avgLength: number, { k1, b }: Bm25Params): number {
  if (tf <= 0) return 0;
  return (tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * length) / Math.max(avgLength, 1e-9)));
}

/**
 * The parameters of the `impact` stored with each posting (see the Retrieval migration): it orders posting
 * lists, whatever k1 and b search uses, and the collection's mean length when the posting was written
 * (`ref_length`) stands in for avglen.
 */
export const IMPACT_REFERENCE: Bm25Params = { k1: 1.2, b: 0.75 };

/** The stored impact of a posting (as the trigger computes it). */
export function postingImpact(tf: number, length: number, refLength: number): number {
  const { k1, b } = IMPACT_REFERENCE;
  return tf / (tf + k1 * (1 - b + (b * length) / refLength));
}

/** tsvector keeps at most 256 positions per lexeme. */
const MAX_TF = 256;

/**
 * The largest saturation any posting below `floor` in an impact-ordered list can have under `params`: the
 * bound that says what an unread part of a posting list can still add to a chunk's score.
 *
 * A posting with impact <= floor and term frequency tf has length >= L(tf) (impact falls as length grows),
 * and saturation falls with length, so for each tf the bound is the saturation at max(L(tf), tf); the
 * smallest reference length a collection used gives the smallest L, hence the loosest (safe) bound.
 */
export function saturationBound(floor: number, minRefLength: number, avgLength: number, params: Bm25Params): number {
  if (floor <= 0) return 0;
  const { k1, b } = IMPACT_REFERENCE;
  if (floor >= 1) return params.k1 + 1;
  let best = 0;
  for (let tf = 1; tf <= MAX_TF; tf++) {
    // impact <= floor  <=>  length >= ref * (tf * (1 - floor) / floor - k1 * (1 - b)) / (k1 * b)
    const minLength = (minRefLength * ((tf * (1 - floor)) / floor - k1 * (1 - b))) / (k1 * b);
    const s = saturation(tf, Math.max(minLength, tf), avgLength, params);
    if (s > best) best = s;
  }
  return best;
}
