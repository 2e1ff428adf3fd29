/**
 * Token ranks by byte sequence, looked up from a slice of a byte string (one char per byte) without building
 * the slice: merging a long piece asks for hundreds of candidate byte strings, nearly all absent, and a
 * string-keyed Map spends most of that time allocating and hashing the keys. Open addressing over typed
 * arrays, FNV-1a hashes, keys compared byte by byte.
 */
export class RankTable {
  /** Token number + 1 in each slot, 0 when empty. */
  private readonly slots: Int32Array;
  private readonly mask: number;
  private readonly starts: Int32Array;
  private readonly lengths: Int32Array;
  private readonly ranks: Int32Array;
  private readonly arena: Uint8Array;

  constructor(tokens: ReadonlyArray<readonly [bytes: string, rank: number]>) {
    let size = 1;
    while (size < tokens.length * 2) size <<= 1;
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    this.starts = new Int32Array(tokens.length);
    this.lengths = new Int32Array(tokens.length);
    this.ranks = new Int32Array(tokens.length);
    let total = 0;
    for (const [bytes] of tokens) total += bytes.length;
    this.arena = new Uint8Array(total);
    let at = 0;
    tokens.forEach(([bytes, rank], t) => {
      this.starts[t] = at;
      this.lengths[t] = bytes.length;
      this.ranks[t] = rank;
      for (let i = 0; i < bytes.length; i++) this.arena[at + i] = bytes.charCodeAt(i);
      at += bytes.length;
      let slot = hash(bytes, 0, bytes.length) & this.mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
      this.slots[slot] = t + 1;
    });
  }

  /** Rank of `bytes[from, to)`, or `missing`. */
  get(bytes: string, from: number, to: number, missing: number): number {
    const length = to - from;
    const { slots, mask, starts, lengths, arena } = this;
    let slot = hash(bytes, from, to) & mask;
    for (;;) {
      const entry = slots[slot];
      if (entry === 0) return missing;
      const t = entry - 1;
      if (lengths[t] === length) {
        const start = starts[t];
        let i = 0;
        while (i < length && arena[start + i] === bytes.charCodeAt(from + i)) i++;
        if (i === length) return this.ranks[t];
      }
      slot = (slot + 1) & mask;
    }
  }
}

function hash(bytes: string, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ bytes.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
