import type { RunSummary } from '../metrics/aggregate';
import { type ItemScores, METRIC_NAMES, type MetricName } from '../metrics/metric.types';

export interface ComparableRun {
  id: string;
  datasetId: string | null;
  summary: RunSummary | null;
  config: object | null;
}

export interface ComparableItem {
  position: number;
  question: string;
  scores: ItemScores;
}

/** Items listed in a comparison at most. */
export const ITEM_CHANGES_LISTED = 200;

/** Configuration paths left out of the diff: they describe the run, not the pipeline. */
const NOT_CONFIGURATION = new Set(['models', 'judge.servedBy', 'judge.reason']);

function delta(value: number | null, base: number | null): number | null {
  if (value === null || base === null) return null;
  return Math.round((value - base) * 10_000) / 10_000;
}

/** Leaves of a JSON value as dotted paths; arrays are leaves (compared whole). */
export function flatten(value: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) flatten(child, prefix ? `${prefix}.${key}` : key, out);
  } else if (prefix && !NOT_CONFIGURATION.has(prefix)) {
    out.set(prefix, JSON.stringify(value ?? null));
  }
  return out;
}

export function metricDeltas(runs: readonly ComparableRun[]) {
  const out = {} as Record<
    MetricName,
    { values: (number | null)[]; deltas: (number | null)[]; judges: ('llm' | 'offline' | 'mixed' | null)[] }
  >;
  for (const name of METRIC_NAMES) {
    const values = runs.map((r) => r.summary?.[name]?.mean ?? null);
    out[name] = {
      values,
      deltas: values.map((v) => delta(v, values[0])),
      judges: runs.map((r) => r.summary?.[name]?.judge ?? null),
    };
  }
  return out;
}

/** The settings whose values differ between the runs' recorded configurations, sorted by path. */
export function configChanges(runs: readonly ComparableRun[]): { path: string; values: unknown[] }[] {
  const flat = runs.map((r) => flatten(r.config ?? {}));
  const paths = new Set(flat.flatMap((f) => [...f.keys()]));
  const changes: { path: string; values: unknown[] }[] = [];
  for (const path of [...paths].sort()) {
    const raw = flat.map((f) => f.get(path) ?? 'null');
    if (new Set(raw).size > 1) changes.push({ path, values: raw.map((v) => JSON.parse(v) as unknown) });
  }
  return changes;
}

/**
 * Items of the same dataset whose scores moved against the first run: per metric, each run's score minus
 * the first's. Largest drop first, so regressions lead.
 */
export function itemChanges(
  itemsByRun: readonly (readonly ComparableItem[])[],
): { position: number; question: string; deltas: Record<string, (number | null)[]> }[] {
  const [base, ...others] = itemsByRun;
  if (!base) return [];
  const byPosition = others.map((items) => new Map(items.map((i) => [i.position, i])));
  const changed: { position: number; question: string; deltas: Record<string, (number | null)[]>; worst: number }[] =
    [];
  for (const item of base) {
    const deltas: Record<string, (number | null)[]> = {};
    let moved = false;
    let worst = 0;
    for (const name of METRIC_NAMES) {
      const baseValue = item.scores[name]?.value ?? null;
      const row = [0 as number | null].concat(
        byPosition.map((m) => delta(m.get(item.position)?.scores[name]?.value ?? null, baseValue)),
      );
      if (baseValue === null) row[0] = null;
      for (const d of row.slice(1)) {
        if (d !== null && d !== 0) moved = true;
        if (d !== null) worst = Math.min(worst, d);
      }
      deltas[name] = row;
    }
    if (moved) changed.push({ position: item.position, question: item.question, deltas, worst });
  }
  return changed
    .sort((a, b) => a.worst - b.worst || a.position - b.position)
    .slice(0, ITEM_CHANGES_LISTED)
    .map(({ position, question, deltas }) => ({ position, question, deltas }));
}
