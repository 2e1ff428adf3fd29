export interface MmrCandidate {
  id: string;
  /** Relevance to the query, any scale (normalised here). */
  relevance: number;
  /**
   * The chunk's unit vector and the embedder that made it: only vectors of the same embedder are compared;
   * candidates without one (or of different embedders) count as unrelated.
   */
  vector?: Float32Array;
  embedderId?: string;
}

function cosine(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/**
 * Maximal marginal relevance (Carbonell and Goldstein 1998): picks `k` candidates one at a time, each the one
 * maximising lambda * relevance - (1 - lambda) * (its highest similarity to those already picked), so near
 * duplicates (overlapping chunks, the same passage in two documents) give way to other material. Relevance is
 * min-max normalised to [0, 1] to be comparable with cosine similarity. Returns ids in pick order.
 */
export function maximalMarginalRelevance(candidates: MmrCandidate[], k: number, lambda: number): string[] {
  if (!candidates.length || k <= 0) return [];
  const rel = candidates.map((c) => c.relevance);
  const min = Math.min(...rel);
  const span = Math.max(...rel) - min;
  const relevance = rel.map((r) => (span > 0 ? (r - min) / span : 1));
  const maxSim = new Array<number>(candidates.length).fill(0);
  const picked = new Array<boolean>(candidates.length).fill(false);
  const out: string[] = [];
  while (out.length < Math.min(k, candidates.length)) {
    let best = -1;
    let bestValue = -Infinity;
    for (let i = 0; i < candidates.length; i++) {
      if (picked[i]) continue;
      const value = lambda * relevance[i] - (1 - lambda) * maxSim[i];
      if (value > bestValue) {
        bestValue = value;
        best = i;
      }
    }
    picked[best] = true;
    out.push(candidates[best].id);
    const chosen = candidates[best];
    if (!chosen.vector) continue;
    for (let i = 0; i < candidates.length; i++) {
      const other = candidates[i];
      if (picked[i] || !other.vector || other.embedderId !== chosen.embedderId) continue;
      if (other.vector.length !== chosen.vector.length) continue;
      maxSim[i] = Math.max(maxSim[i], cosine(other.vector, chosen.vector));
    }
  }
  return out;
}
