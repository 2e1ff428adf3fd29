/**
 * Ranking metrics as BEIR computes them (through trec_eval): graded relevance with linear gain, the ideal
 * ranking built from every judged document, queries averaged over those that have at least one relevant
 * judgment. Pure functions, so test/bench/retrieval-metrics.spec.ts can pin them down.
 */

/** Judged documents of one query: document id -> relevance grade (> 0 is relevant, <= 0 is not). */
export type Judgments = ReadonlyMap<string, number>;

/** nDCG@k: gain = grade, discount = log2(rank + 1); 0 when the query has no relevant document. */
export function ndcgAt(k: number, ranked: readonly string[], judged: Judgments): number {
  const gain = (id: string) => Math.max(0, judged.get(id) ?? 0);
  let dcg = 0;
  const seen = new Set<string>();
  let rank = 0;
  for (const id of ranked) {
    // A document listed twice counts once, where it first appears (a run of chunks can name a document twice).
    if (seen.has(id)) continue;
    seen.add(id);
    rank++;
    if (rank > k) break;
    dcg += gain(id) / Math.log2(rank + 1);
  }
  const ideal = [...judged.values()]
    .filter((g) => g > 0)
    .sort((a, b) => b - a)
    .slice(0, k)
    .reduce((sum, g, i) => sum + g / Math.log2(i + 2), 0);
  return ideal > 0 ? dcg / ideal : 0;
}

/** Recall@k: share of the relevant documents found in the first k distinct results. */
export function recallAt(k: number, ranked: readonly string[], judged: Judgments): number {
  const relevant = new Set([...judged].filter(([, g]) => g > 0).map(([id]) => id));
  if (!relevant.size) return 0;
  const top = distinct(ranked).slice(0, k);
  return top.filter((id) => relevant.has(id)).length / relevant.size;
}

/** Reciprocal rank of the first relevant document within the first k distinct results, else 0 (MRR@k per query). */
export function reciprocalRankAt(k: number, ranked: readonly string[], judged: Judgments): number {
  const top = distinct(ranked).slice(0, k);
  const i = top.findIndex((id) => (judged.get(id) ?? 0) > 0);
  return i < 0 ? 0 : 1 / (i + 1);
}

export interface RunScores {
  ndcg10: number;
  recall100: number;
  mrr10: number;
  /** Queries averaged: those with at least one relevant judgment. */
  queries: number;
}

/**
 * Mean nDCG@10, Recall@100 and MRR@10 of a run over the judged queries. A judged query missing from the run
 * scores 0 on all three, as trec_eval counts it with `-c`; queries without relevant judgments are left out.
 */
export function scoreRun(
  run: ReadonlyMap<string, readonly string[]>,
  qrels: ReadonlyMap<string, Judgments>,
): RunScores {
  let ndcg = 0;
  let recall = 0;
  let mrr = 0;
  let queries = 0;
  for (const [queryId, judged] of qrels) {
    if (![...judged.values()].some((g) => g > 0)) continue;
    const ranked = run.get(queryId) ?? [];
    ndcg += ndcgAt(10, ranked, judged);
    recall += recallAt(100, ranked, judged);
    mrr += reciprocalRankAt(10, ranked, judged);
    queries++;
  }
  const mean = (x: number) => (queries ? x / queries : 0);
  return { ndcg10: mean(ndcg), recall100: mean(recall), mrr10: mean(mrr), queries };
}

/** The p-th percentile (0 < p <= 100) by nearest rank; NaN for no samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (!samples.length) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

function distinct(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}
