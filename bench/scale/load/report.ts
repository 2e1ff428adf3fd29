import type { SummaryRow } from '../../results';
import { markdownTable, textTable } from '../growth/report';
import type { IntegrityReport } from './integrity';
import type { LiveHeapTrend, MemoryTrend, ReadinessWindow, RouteStats } from './stats';

export interface FaultResult {
  name: string;
  what: string;
  skipped?: string;
  /** Milliseconds since the run started. */
  start?: number;
  end?: number;
  /** Milliseconds from healing until every process answered readiness 200 again (undefined: never). */
  readyAgainAfterMs?: number;
  readiness: Record<string, ReadinessWindow>;
  /** Processes that showed the fault in readiness as expected (non-200, or open circuits), and those that did not. */
  reflectedBy: string[];
  notReflectedBy: string[];
  /** Processes expected to stay ready that did not. */
  wronglyNotReady: string[];
  /** Requests that met the fault (in flight at some point until readiness was back), by status. */
  requestsDuring: Record<string, number>;
  /** What the fault hit (the worker-kill: the documents the killed worker held, and how they ended). */
  evidence?: Record<string, unknown>;
}

export interface LoadResult {
  seconds: number;
  phases: Array<{ name: string; start: number; end: number }>;
  chat: { available: boolean; note?: string };
  calibration: RouteStats[];
  steady: RouteStats[];
  final: RouteStats[];
  /** Requests answered 5xx (or not at all) that met no fault window, by the phase they started in, then route and status. */
  errorsOutsideFaults: Record<string, Record<string, number>>;
  faults: FaultResult[];
  /** `judged`: the process lived through the whole load (one started again midway is shown, not judged). */
  memory: Record<
    string,
    { own?: MemoryTrend; tree?: MemoryTrend; heap?: MemoryTrend; live?: LiveHeapTrend; judged?: boolean }
  >;
  integrity: IntegrityReport;
  drain: { seconds: number; settled: boolean };
  loggedErrors: Record<string, string[]>;
}

const ms = (x: number | undefined) => (x !== undefined && Number.isFinite(x) ? x.toFixed(1) : '-');
const mib = (b: number | undefined) =>
  b !== undefined && Number.isFinite(b) ? `${(b / 2 ** 20).toFixed(0)} MiB` : '-';

function routeRows(steady: RouteStats[], calibration: RouteStats[], final: RouteStats[]): string[][] {
  const rows = [
    [
      'route',
      'requests',
      'p50 ms',
      'p95 ms',
      'p99 ms',
      'alone p95 ms',
      'p95 / alone',
      'final p95 ms',
      '5xx',
      'no answer',
    ],
  ];
  for (const r of steady) {
    const alone = calibration.find((c) => c.route === r.route);
    const fin = final.find((c) => c.route === r.route);
    rows.push([
      r.route,
      String(r.requests),
      ms(r.p50),
      ms(r.p95),
      ms(r.p99),
      ms(alone?.p95),
      alone ? `${(r.p95 / alone.p95).toFixed(1)}x` : '-',
      ms(fin?.p95),
      String(r.serverErrors),
      String(r.noAnswer),
    ]);
  }
  return rows;
}

type KilledOutcome = Array<{ id: string; status: string; readyAfterSeconds: number | null }>;

/** For the worker kill: the documents the killed worker held and how they ended. */
export function hitOf(f: FaultResult): string {
  const outcome = f.evidence?.outcome as KilledOutcome | undefined;
  if (!outcome) return typeof f.evidence?.summary === 'string' ? f.evidence.summary : '';
  if (!outcome.length) return 'the killed worker held no document';
  return outcome
    .map(
      (o) =>
        `${o.id.slice(0, 8)} ${o.status}${o.readyAfterSeconds === null ? '' : ` ${o.readyAfterSeconds.toFixed(1)} s after the kill`}`,
    )
    .join('; ');
}

function faultRows(faults: FaultResult[]): string[][] {
  const rows = [['fault', 'shown by readiness', 'ready again after', 'requests during (by status)', 'what it hit']];
  for (const f of faults) {
    if (f.skipped) {
      rows.push([f.name, `skipped: ${f.skipped}`, '-', '-', '-']);
      continue;
    }
    const shown = f.reflectedBy.length
      ? `${f.reflectedBy.join(', ')}${f.notReflectedBy.length ? `; NOT ${f.notReflectedBy.join(', ')}` : ''}`
      : f.notReflectedBy.length
        ? `NOT ${f.notReflectedBy.join(', ')}`
        : '-';
    const wrong = f.wronglyNotReady.length ? `; also not ready: ${f.wronglyNotReady.join(', ')}` : '';
    rows.push([
      f.name,
      shown + wrong,
      f.readyAgainAfterMs === undefined ? 'never' : `${(f.readyAgainAfterMs / 1000).toFixed(1)} s`,
      Object.entries(f.requestsDuring)
        .map(([s, n]) => `${s === '0' ? 'none' : s}: ${n}`)
        .join(', '),
      hitOf(f) || '-',
    ]);
  }
  return rows;
}

function memoryRows(memory: LoadResult['memory']): string[][] {
  const rows = [
    [
      'process',
      'samples',
      'first third',
      'middle third',
      'last third',
      'growth',
      'peak',
      'RSS MiB by tenth of the run',
      'JS heap used MiB by tenth',
      'live heap MiB at phase starts (after a full GC)',
      'with children (last third)',
      'flat',
    ],
  ];
  for (const [name, m] of Object.entries(memory)) {
    if (!m.own) continue;
    rows.push([
      name,
      String(m.own.samples),
      mib(m.own.firstThirdMedian),
      mib(m.own.middleThirdMedian),
      mib(m.own.lastThirdMedian),
      `${(m.own.growth * 100).toFixed(1)}%`,
      mib(m.own.peak),
      (m.own.tenths ?? []).join(' '),
      (m.heap?.tenths ?? []).join(' ') || '-',
      m.live ? m.live.readings.map((r) => `${r.phase} ${r.mib}`).join(', ') : '-',
      mib(m.tree?.lastThirdMedian),
      m.judged === false ? '- (not alive for the whole run)' : m.own.flat ? 'yes' : 'NO',
    ]);
  }
  return rows;
}

function integrityLines(i: IntegrityReport): string[] {
  return [
    `uploads sent ${i.attempts}, acknowledged ${i.acknowledged} (${i.repeats} on purpose repeats of earlier bytes), ` +
      `refused or unanswered: ${JSON.stringify(i.refused)}`,
    `documents acknowledged ${i.documents}: ready ${i.ready}, failed ${i.failed.length}, lost ${i.lost.length}, ` +
      `stuck ${i.stuck.length}, duplicated ${i.duplicated.length}, chunk count mismatches ${i.chunkMismatches.length}, ` +
      `repeats not recognised ${i.repeatsNotRecognised}, kept without acknowledgement ${i.keptUnacknowledged}, ` +
      `unaccounted rows ${i.unaccounted.length}`,
  ];
}

export function printLoad(r: LoadResult): void {
  console.log(`\nPer route, steady phase (p95 / alone: against the same route measured one request at a time first)`);
  for (const line of textTable(routeRows(r.steady, r.calibration, r.final))) console.log(line);
  console.log(`\nErrors outside fault windows: ${JSON.stringify(r.errorsOutsideFaults)}`);
  console.log(`\nFaults`);
  for (const line of textTable(faultRows(r.faults))) console.log(line);
  console.log(`\nMemory (RSS of each process, medians of the first and last third of its samples)`);
  for (const line of textTable(memoryRows(r.memory))) console.log(line);
  console.log(`\nDocuments (drained in ${r.drain.seconds.toFixed(0)} s${r.drain.settled ? '' : ', NOT settled'})`);
  for (const line of integrityLines(r.integrity)) console.log(`  ${line}`);
  for (const [name, errors] of Object.entries(r.loggedErrors)) {
    if (errors.length)
      console.log(`  ${name} logged errors (first of each kind, with the phase): ${errors.join(' | ')}`);
  }
}

export function loadSummary(r: LoadResult): SummaryRow[] {
  const rows: SummaryRow[] = [];
  for (const s of r.steady) {
    const alone = r.calibration.find((c) => c.route === s.route);
    rows.push({
      figure: `${s.route} p95 under load`,
      value: `${ms(s.p95)} ms (${s.requests} requests)`,
      baseline: alone ? `${ms(alone.p95)} ms alone` : undefined,
      ratio: alone ? `${(s.p95 / alone.p95).toFixed(1)}x` : undefined,
    });
  }
  const outside = Object.values(r.errorsOutsideFaults).reduce(
    (n, byStatus) => n + Object.values(byStatus).reduce((a, b) => a + b, 0),
    0,
  );
  rows.push({
    figure: '5xx or unanswered requests outside fault windows',
    value: String(outside),
    target: '0',
    pass: outside === 0,
  });
  const i = r.integrity;
  rows.push({
    figure: 'documents lost, stuck, duplicated or with inconsistent chunks',
    value: `${i.lost.length + i.stuck.length + i.duplicated.length + i.chunkMismatches.length + i.repeatsNotRecognised} of ${i.documents} (${i.ready} ready)`,
    target: '0',
    pass: i.ok,
  });
  for (const [name, m] of Object.entries(r.memory)) {
    if (!m.own || m.judged === false) continue;
    rows.push({
      figure: `RSS of ${name}, last third vs first third of the run`,
      value: `${mib(m.own.lastThirdMedian)} vs ${mib(m.own.firstThirdMedian)}`,
      ratio: `${(1 + m.own.growth).toFixed(2)}x`,
      target: '<= 1.2x (or +32 MiB)',
      pass: m.own.flat,
    });
    if (m.heap) {
      rows.push({
        figure: `JS heap in use of ${name}, last third vs first third`,
        value: `${mib(m.heap.lastThirdMedian)} vs ${mib(m.heap.firstThirdMedian)}`,
        ratio: `${(1 + m.heap.growth).toFixed(2)}x`,
        target: '<= 1.2x (or +32 MiB)',
        pass: m.heap.flat,
      });
    }
    if (m.live) {
      // What survives a full collection: the leak test (RSS and the heap in use also count garbage and space
      // V8 or malloc keep after a peak).
      rows.push({
        figure: `live heap of ${name} (after a full GC), end of the load vs start of the steady phase`,
        value: `${mib(m.live.lastBytes)} vs ${mib(m.live.baselineBytes)}`,
        ratio: `${(1 + m.live.growth).toFixed(2)}x`,
        target: '<= 1.2x (or +32 MiB)',
        pass: m.live.flat,
      });
    }
  }
  for (const f of r.faults) {
    if (f.skipped) {
      rows.push({ figure: `fault ${f.name}`, value: `skipped: ${f.skipped}`, target: 'shown, then recovered' });
      continue;
    }
    const outcome = f.evidence?.outcome as KilledOutcome | undefined;
    const hitOk = !outcome || (outcome.length > 0 && outcome.every((o) => o.status === 'ready'));
    const ok = !f.notReflectedBy.length && !f.wronglyNotReady.length && f.readyAgainAfterMs !== undefined && hitOk;
    rows.push({
      figure: `fault ${f.name}: readiness shows it, then recovers`,
      value:
        `${f.reflectedBy.length ? `shown by ${f.reflectedBy.join(', ')}` : 'not shown'}` +
        `${f.notReflectedBy.length ? ` (not by ${f.notReflectedBy.join(', ')})` : ''}; ready again after ` +
        (f.readyAgainAfterMs === undefined ? 'never' : `${(f.readyAgainAfterMs / 1000).toFixed(1)} s`) +
        (hitOf(f) ? `; ${outcome ? 'held document(s): ' : ''}${hitOf(f)}` : ''),
      target: outcome ? 'shown, recovered, held document ready' : 'shown, then recovered',
      pass: ok,
    });
  }
  return rows;
}

export function loadMarkdown(r: LoadResult): string[] {
  return [
    'Per route in the steady phase (alone: the same route one request at a time before the load):',
    '',
    ...markdownTable(routeRows(r.steady, r.calibration, r.final)),
    '',
    'Faults (readiness polled every 250 ms on every process):',
    '',
    ...markdownTable(faultRows(r.faults)),
    '',
    'Memory (resident set of each process; the worker killed in a fault is a new series after its restart):',
    '',
    ...markdownTable(memoryRows(r.memory)),
    '',
    ...integrityLines(r.integrity).map((l) => `- ${l}`),
    '',
  ];
}
