/**
 * How close an approximate top k is to the exact one. Pure functions, pinned down by test/bench/scale-recall.spec.ts.
 */

/** Share of the exact top k found in the returned list (its first k); 1 when the exact list is empty. */
export function recallAt(k: number, returned: readonly string[], exact: readonly string[]): number {
  const truth = new Set(exact.slice(0, k));
  if (!truth.size) return 1;
  const found = new Set(returned.slice(0, k).filter((id) => truth.has(id)));
  return found.size / truth.size;
}

export interface RecallSummary {
  /** Mean recall@k over the queries that have an exact answer. */
  recall: number;
  /** Queries whose result had fewer than k rows while the exact answer had k: a filter left the search short. */
  short: number;
  queries: number;
}

/**
 * Mean recall@k of a variant's answers against the exact answers, over the queries both have; and how many
 * answers came back short.
 */
export function summarizeRecall(
  k: number,
  answers: ReadonlyMap<number, readonly string[]>,
  exact: ReadonlyMap<number, readonly string[]>,
): RecallSummary {
  let sum = 0;
  let short = 0;
  let queries = 0;
  for (const [query, truth] of exact) {
    const got = answers.get(query);
    if (!got) continue;
    queries++;
    sum += recallAt(k, got, truth);
    if (got.length < Math.min(k, truth.length)) short++;
  }
  return { recall: queries ? sum / queries : NaN, short, queries };
}

/** Growth of a cost between two sizes, as the exponent b of cost ~ size^b (0: flat, 1: linear). */
export function growthExponent(size1: number, cost1: number, size2: number, cost2: number): number {
  if (!(size1 > 0 && size2 > 0 && cost1 > 0 && cost2 > 0) || size1 === size2) return NaN;
  return Math.log(cost2 / cost1) / Math.log(size2 / size1);
}
