/**
 * 32-bit hashing for feature hashing: FNV-1a over UTF-16 code units, then murmur3's finaliser so that every
 * output bit depends on every input bit (FNV alone spreads short strings poorly over a few hundred buckets).
 * Part of the `offline:hash-384-v1` definition: changing anything here changes every vector.
 */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function hashToken(token: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < token.length; i++) {
    h ^= token.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

/** Order matters: "new york" and "york new" are different features. */
export function hashPair(first: number, second: number): number {
  return fmix32(Math.imul(first, 0x9e3779b1) ^ second ^ 0x5bd1e995);
}
