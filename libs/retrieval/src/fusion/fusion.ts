/** One leg's ranked list: ids best first, with the leg's own scores. */
export interface RankedList {
  leg: 'vector' | 'keyword';
  hits: ReadonlyArray<{ id: string; score: number }>;
}

export interface FusedHit {
  id: string;
  score: number;
  /** Per leg: its score and 1-based rank, for the legs that found the hit. */
  legs: Partial<Record<RankedList['leg'], { score: number; rank: number }>>;
}

export type LegWeights = Partial<Record<RankedList['leg'], number>>;

function collect(lists: RankedList[]): Map<string, FusedHit> {
  const out = new Map<string, FusedHit>();
  for (const list of lists) {
    list.hits.forEach((hit, i) => {
      let fused = out.get(hit.id);
      if (!fused) out.set(hit.id, (fused = { id: hit.id, score: 0, legs: {} }));
      // A list holds an id once; if a leg repeats one, its best rank counts.
      fused.legs[list.leg] ??= { score: hit.score, rank: i + 1 };
    });
  }
  return out;
}

/** Best first; ties keep the order of the legs' best ranks, then ids, so equal inputs give equal outputs. */
function sorted(hits: Iterable<FusedHit>): FusedHit[] {
  const bestRank = (h: FusedHit) => Math.min(...Object.values(h.legs).map((l) => l.rank));
  return [...hits].sort((a, b) => b.score - a.score || bestRank(a) - bestRank(b) || (a.id < b.id ? -1 : 1));
}

/**
 * Reciprocal rank fusion (Cormack et al. 2009): sum over legs of weight / (k + rank). Ranks only, so the legs'
 * incomparable scores (cosine similarity, BM25) need no calibration.
 */
export function reciprocalRankFusion(lists: RankedList[], k: number, weights: LegWeights = {}): FusedHit[] {
  const hits = collect(lists);
  for (const hit of hits.values()) {
    for (const [leg, { rank }] of Object.entries(hit.legs) as [RankedList['leg'], { rank: number }][]) {
      hit.score += (weights[leg] ?? 1) / (k + rank);
    }
  }
  return sorted(hits.values());
}

/**
 * Weighted score fusion: each leg's scores min-max normalised to [0, 1] over its own list (a hit a leg did not
 * return counts 0 there), then summed with the weights. A leg whose scores are all equal gives each hit 1.
 */
export function weightedScoreFusion(lists: RankedList[], weights: LegWeights = {}): FusedHit[] {
  const hits = collect(lists);
  for (const list of lists) {
    if (!list.hits.length) continue;
    const scores = list.hits.map((h) => h.score);
    const min = Math.min(...scores);
    const span = Math.max(...scores) - min;
    const weight = weights[list.leg] ?? 0.5;
    for (const hit of hits.values()) {
      const own = hit.legs[list.leg];
      if (own) hit.score += weight * (span > 0 ? (own.score - min) / span : 1);
    }
  }
  return sorted(hits.values());
}
