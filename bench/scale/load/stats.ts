import { percentile } from '../../retrieval/metrics';

/**
 * What the load benchmark counts, as pure functions over recorded samples (test/bench/scale-load-stats.spec.ts
 * pins them down): latency percentiles and status counts per route and phase, and whether memory stayed flat.
 */

export interface RequestSample {
  route: string;
  /** Phase the request started in. */
  phase: string;
  /** Milliseconds since the run started, when the request was sent. */
  at: number;
  ms: number;
  /** HTTP status, or 0 when no answer came (connection refused or reset, timeout). */
  status: number;
  /** For status 0: what happened (`timeout`, `ECONNREFUSED`...). */
  error?: string;
}

export interface RouteStats {
  route: string;
  requests: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Count per status (`0` for no answer). */
  statuses: Record<string, number>;
  serverErrors: number;
  noAnswer: number;
}

export function routeStats(route: string, samples: readonly RequestSample[]): RouteStats {
  const ms = samples.map((s) => s.ms);
  const statuses: Record<string, number> = {};
  for (const s of samples) statuses[s.status] = (statuses[s.status] ?? 0) + 1;
  return {
    route,
    requests: samples.length,
    p50: percentile(ms, 50),
    p95: percentile(ms, 95),
    p99: percentile(ms, 99),
    max: ms.length ? Math.max(...ms) : NaN,
    statuses,
    serverErrors: samples.filter((s) => s.status >= 500).length,
    noAnswer: samples.filter((s) => s.status === 0).length,
  };
}

/** A fault's window: from its injection until every process answered readiness 200 again (ms since start). */
export interface FaultWindow {
  name: string;
  start: number;
  end: number;
}

/**
 * The fault a request met: the first window its flight (sent at `at`, answered `ms` later) overlaps. A request
 * sent just before a fault (a chat runs for seconds) fails because of it, so it counts with the fault, not as
 * an error of the calm phase it started in.
 */
export function faultMet(sample: RequestSample, windows: readonly FaultWindow[]): string | undefined {
  return windows.find((w) => sample.at <= w.end && sample.at + sample.ms >= w.start)?.name;
}

/**
 * 5xx and unanswered requests that met no fault, by the phase they started in, then `route status`. Setup
 * phases (seed, calibration) are left out: nothing runs concurrently there.
 */
export function errorsOutsideFaults(
  samples: readonly RequestSample[],
  windows: readonly FaultWindow[],
): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const s of samples) {
    if (s.phase === 'seed' || s.phase === 'calibration' || s.phase.startsWith('fault:')) continue;
    if (s.status !== 0 && s.status < 500) continue;
    if (faultMet(s, windows)) continue;
    const byStatus = (out[s.phase] ??= {});
    const key = `${s.route} ${s.status === 0 ? `none (${s.error})` : s.status}`;
    byStatus[key] = (byStatus[key] ?? 0) + 1;
  }
  return out;
}

/** Status counts of the requests that met the fault `name` (sent during it, or before it and still in flight). */
export function requestsMeeting(
  name: string,
  samples: readonly RequestSample[],
  windows: readonly FaultWindow[],
  route?: (route: string) => boolean,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of samples) {
    if (route && !route(s.route)) continue;
    if (faultMet(s, windows) !== name) continue;
    out[s.status] = (out[s.status] ?? 0) + 1;
  }
  return out;
}

/** Stats per route of the samples `keep` selects, routes in first-seen order. */
export function statsByRoute(
  samples: readonly RequestSample[],
  keep: (s: RequestSample) => boolean = () => true,
): RouteStats[] {
  const byRoute = new Map<string, RequestSample[]>();
  for (const s of samples) {
    if (!keep(s)) continue;
    const list = byRoute.get(s.route) ?? [];
    list.push(s);
    byRoute.set(s.route, list);
  }
  return [...byRoute].map(([route, list]) => routeStats(route, list));
}

/** Resident memory of one process over time. */
export interface MemorySample {
  at: number;
  rssBytes: number;
}

export interface MemoryTrend {
  samples: number;
  /** Median RSS over the first and the last third of the samples. */
  firstThirdMedian: number;
  middleThirdMedian: number;
  lastThirdMedian: number;
  /** lastThirdMedian / firstThirdMedian - 1. */
  growth: number;
  peak: number;
  flat: boolean;
  /** The medians of ten equal stretches of the run, in MiB: the shape of the curve (a plateau or a climb). */
  tenths: number[];
}

/** Growth of a process's memory that still counts as flat: 20%, or 32 MiB for small processes. */
export const FLAT_GROWTH = 0.2;
export const FLAT_SLACK_BYTES = 32 * 2 ** 20;

function median(xs: number[]): number {
  return percentile(xs, 50);
}

/**
 * Flat memory: the median RSS over the last third of the run is at most 20% (or 32 MiB) above the median over
 * the first third. Medians, so a burst (a large upload being parsed) does not decide it; thirds, so warm-up
 * (caches filling, the JIT) at the start is compared with the steady state at the end rather than with zero.
 */
export function memoryTrend(samples: readonly MemorySample[]): MemoryTrend | undefined {
  if (samples.length < 6) return undefined;
  const sorted = [...samples].sort((a, b) => a.at - b.at);
  const third = Math.floor(sorted.length / 3);
  const first = median(sorted.slice(0, third).map((s) => s.rssBytes));
  const last = median(sorted.slice(sorted.length - third).map((s) => s.rssBytes));
  const tenths = Array.from({ length: 10 }, (_, i) => {
    const part = sorted.slice(Math.floor((i * sorted.length) / 10), Math.floor(((i + 1) * sorted.length) / 10));
    return part.length ? Math.round(median(part.map((s) => s.rssBytes)) / 2 ** 20) : NaN;
  });
  return {
    samples: sorted.length,
    firstThirdMedian: first,
    middleThirdMedian: median(sorted.slice(third, sorted.length - third).map((s) => s.rssBytes)),
    lastThirdMedian: last,
    tenths,
    growth: last / first - 1,
    peak: Math.max(...sorted.map((s) => s.rssBytes)),
    flat: last <= Math.max(first * (1 + FLAT_GROWTH), first + FLAT_SLACK_BYTES),
  };
}

/** A readiness probe's answer at a moment: HTTP status, or 0 when the process did not answer. */
export interface ReadinessSample {
  at: number;
  status: number;
  /** For the LLM fault: circuits not closed, from the readiness details. */
  openCircuits?: number;
}

export interface ReadinessWindow {
  /** Samples taken between the fault's start and its end. */
  during: Record<string, number>;
  /** Milliseconds from the fault's start to the first sample that was not 200 (undefined: never). */
  detectedAfterMs?: number;
  /** Milliseconds from the fault's end to the first 200 after which every sample is 200 up to `until`. */
  recoveredAfterMs?: number;
  /** Largest number of open LLM circuits seen during the fault. */
  maxOpenCircuits?: number;
  /** Milliseconds from the fault's end until no circuit was open any more. */
  circuitsClosedAfterMs?: number;
}

/** How a process's readiness followed a fault that lasted from `start` to `end`, looking until `until`. */
export function readinessWindow(
  samples: readonly ReadinessSample[],
  start: number,
  end: number,
  until: number,
): ReadinessWindow {
  const sorted = [...samples].sort((a, b) => a.at - b.at);
  const during: Record<string, number> = {};
  let detectedAfterMs: number | undefined;
  let maxOpenCircuits: number | undefined;
  for (const s of sorted) {
    if (s.at < start || s.at > end) continue;
    during[s.status] = (during[s.status] ?? 0) + 1;
    if (s.status !== 200 && detectedAfterMs === undefined) detectedAfterMs = s.at - start;
    if (s.openCircuits !== undefined) maxOpenCircuits = Math.max(maxOpenCircuits ?? 0, s.openCircuits);
  }
  const after = sorted.filter((s) => s.at > end && s.at <= until);
  let recoveredAfterMs: number | undefined;
  for (let i = after.length - 1; i >= 0 && after[i].status === 200; i--) recoveredAfterMs = after[i].at - end;
  let circuitsClosedAfterMs: number | undefined;
  if (maxOpenCircuits !== undefined) {
    for (let i = after.length - 1; i >= 0 && after[i].openCircuits === 0; i--)
      circuitsClosedAfterMs = after[i].at - end;
  }
  return { during, detectedAfterMs, recoveredAfterMs, maxOpenCircuits, circuitsClosedAfterMs };
}

/** Live heap readings of one process (the heap left after a full collection), at phase boundaries. */
export interface LiveHeapTrend {
  /** Each reading, in MiB, with the phase that began when it was taken. */
  readings: Array<{ phase: string; mib: number }>;
  /** The first reading once the load was warm (the steady phase's), or the first one. */
  baselineBytes: number;
  lastBytes: number;
  growth: number;
  /** Within the same allowance as RSS (20%, or 32 MiB): no leak this run could show. */
  flat: boolean;
}

/**
 * Whether what a process holds on to grows: its live heap at the end of the load against the one when the
 * steady phase began (readings before, during warm-up, are shown but not compared).
 */
export function liveHeapTrend(
  readings: ReadonlyArray<MemorySample & { phase: string }>,
  baselinePhase = 'steady',
): LiveHeapTrend | undefined {
  if (readings.length < 2) return undefined;
  const sorted = [...readings].sort((a, b) => a.at - b.at);
  const baseline = sorted.find((r) => r.phase === baselinePhase) ?? sorted[0];
  const last = sorted[sorted.length - 1];
  if (last === baseline) return undefined;
  return {
    readings: sorted.map((r) => ({ phase: r.phase, mib: Math.round((r.rssBytes / 2 ** 20) * 10) / 10 })),
    baselineBytes: baseline.rssBytes,
    lastBytes: last.rssBytes,
    growth: last.rssBytes / baseline.rssBytes - 1,
    flat:
      last.rssBytes <= baseline.rssBytes * (1 + FLAT_GROWTH) || last.rssBytes - baseline.rssBytes <= FLAT_SLACK_BYTES,
  };
}
