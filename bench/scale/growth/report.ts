import type { SummaryRow } from '../../results';
import type { IndexBuild } from '../../retrieval/bulk-load';
import { formatBytes, type StorageSizes } from './index-sizes';
import type { ProbeGroup, ProbeResult } from './measure';
import { growthExponent } from './recall';

export interface SizeResult {
  chunks: number;
  documents: number;
  database: string;
  /** True when the corpus was built by an earlier run and reused. */
  reused: boolean;
  builtAt?: string;
  insertSeconds: number;
  indexes: IndexBuild[];
  storage: StorageSizes;
  groups: ProbeGroup[];
  /**
   * Set when this size was measured by an earlier run and carried into this one's results (a run asked for
   * other sizes only): when it was measured.
   */
  measuredAt?: string;
  /** The dense vector table measured beside the corpus (as many rows as chunks). */
  dense?: { rows: number; reused: boolean; insertSeconds: number; indexes: IndexBuild[] };
}

/** Target of DocQA's search against its floor at every size (the retrieval benchmark's target). */
export const TARGET_RATIO = 2;

const ms = (x: number | undefined) => (x !== undefined && Number.isFinite(x) ? x.toFixed(2) : '-');
const pct = (x: number | undefined) => (x !== undefined && Number.isFinite(x) ? x.toFixed(3) : '-');
const k = (n: number) => (n >= 1e6 ? `${n / 1e6}M` : n >= 1e3 ? `${n / 1e3}k` : String(n));

export function textTable(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => `  ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')}`);
}

export function markdownTable(rows: string[][]): string[] {
  const esc = (c: string) => c.replace(/\|/g, '\\|');
  return [
    `| ${rows[0].map(esc).join(' | ')} |`,
    `|${rows[0].map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`,
    ...rows.slice(1).map((r) => `| ${r.map(esc).join(' | ')} |`),
  ];
}

function probeRows(group: ProbeGroup, withPlan: boolean): string[][] {
  const head = ['', 'p50 ms', 'p95 ms', 'recall@10', 'short'];
  if (withPlan) head.push('plan');
  return [
    head,
    ...group.probes.map((p) => {
      const row = [
        p.name,
        ms(p.latency.p50),
        ms(p.latency.p95),
        pct(p.recall),
        p.short === undefined ? '-' : String(p.short),
      ];
      if (withPlan) row.push(p.plan ?? '');
      return row;
    }),
  ];
}

/** Storage by what it is, summed over the relations of each kind. */
export function storageRows(sizes: StorageSizes): Array<[string, number]> {
  const sum = (list: { bytes: number }[]) => list.reduce((n, r) => n + r.bytes, 0);
  const byName = (re: RegExp) => sum(sizes.chunks.filter((r) => re.test(r.name)));
  return [
    ['chunks table (heap)', sum(sizes.chunks.filter((r) => r.kind === 'table'))],
    ['chunks TOAST', sum(sizes.chunks.filter((r) => r.kind === 'toast'))],
    ['HNSW vector(384) index', byName(/embedding_384_hnsw$/)],
    ['HNSW halfvec(384) index', byName(/halfvec_384_hnsw$/)],
    ['HNSW bit(384) index', byName(/bit_384_hnsw$/)],
    ['GIN tsvector index', sum(sizes.chunks.filter((r) => r.kind === 'gin'))],
    ['other chunks indexes (btree)', sum(sizes.chunks.filter((r) => r.kind === 'btree'))],
    ['BM25 postings table', sum(sizes.postings.filter((r) => r.kind === 'table' || r.kind === 'toast'))],
    ['BM25 postings indexes', sum(sizes.postings.filter((r) => r.kind !== 'table' && r.kind !== 'toast'))],
    ['dense vectors table', sum((sizes.dense ?? []).filter((r) => r.kind === 'table'))],
    ['dense HNSW vector(384) index', sum((sizes.dense ?? []).filter((r) => r.name === 'IDX_bench_scale_dense_hnsw'))],
    ['dense HNSW halfvec(384) index', sum((sizes.dense ?? []).filter((r) => /halfvec_hnsw$/.test(r.name)))],
    ['dense HNSW bit(384) index', sum((sizes.dense ?? []).filter((r) => /bit_hnsw$/.test(r.name)))],
    ['whole database', sizes.database],
  ];
}

function find(size: SizeResult, group: string, probe: string): ProbeResult | undefined {
  return size.groups.find((g) => g.name.startsWith(group))?.probes.find((p) => p.name === probe);
}

/** The probes whose growth the summary follows, by group. */
const FOLLOWED: Array<[string, string]> = [
  ['no filter', 'DocQA vector'],
  ['no filter', 'DocQA keyword'],
  ['no filter', 'DocQA hybrid'],
  ['no filter', 'hnsw ef=40'],
  ['no filter', 'hnsw ef=100'],
  ['no filter', 'hnsw ef=200'],
  ['no filter', 'halfvec ef=40'],
  ['no filter', 'halfvec ef=100'],
  ['no filter', 'binary 40 -> 10'],
  ['no filter', 'binary 200 -> 10'],
  ['no filter', 'floor: ranked full-text'],
  ['filtered 10%', 'DocQA vector'],
  ['filtered 10%', 'hnsw, no iterative'],
  ['filtered 10%', 'hnsw, iterative relaxed'],
  ['filtered 10%', 'hnsw, iterative strict'],
  ['filtered 10%', 'exact'],
  ['filtered 1%', 'DocQA vector'],
  ['filtered 1%', 'hnsw, no iterative'],
  ['filtered 1%', 'hnsw, iterative relaxed'],
  ['filtered 1%', 'exact'],
  ['dense', 'hnsw ef=40'],
  ['dense', 'hnsw ef=100'],
  ['dense', 'hnsw ef=200'],
  ['dense', 'halfvec ef=40'],
  ['dense', 'halfvec ef=100'],
  ['dense', 'binary 40 -> 10'],
  ['dense', 'binary 200 -> 10'],
];

/** p95 (and recall) of each followed probe at each size, with the growth exponent between the ends. */
export function growthRows(sizes: SizeResult[]): string[][] {
  const head = ['', ...sizes.map((s) => `p95 ms @${k(s.chunks)}`), ...sizes.map((s) => `recall @${k(s.chunks)}`)];
  if (sizes.length > 1) head.push('p95 ~ size^b');
  const rows = [head];
  for (const [group, probe] of FOLLOWED) {
    const found = sizes.map((s) => find(s, group, probe));
    if (found.every((f) => !f)) continue;
    const row = [`${group}: ${probe}`, ...found.map((f) => ms(f?.latency.p95)), ...found.map((f) => pct(f?.recall))];
    if (sizes.length > 1) {
      const a = sizes[0];
      const b = sizes[sizes.length - 1];
      const e = growthExponent(
        a.chunks,
        found[0]?.latency.p95 ?? NaN,
        b.chunks,
        found[found.length - 1]?.latency.p95 ?? NaN,
      );
      row.push(Number.isFinite(e) ? e.toFixed(2) : '-');
    }
    rows.push(row);
  }
  return rows;
}

export function storageTable(sizes: SizeResult[]): string[][] {
  const rows = [['', ...sizes.map((s) => k(s.chunks))]];
  const per = sizes.map((s) => storageRows(s.storage));
  per[0]?.forEach(([label], i) => rows.push([label, ...per.map((r) => formatBytes(r[i][1]))]));
  rows.push([
    'bytes per chunk (database, dense table excluded)',
    ...sizes.map((s) => {
      const dense = (s.storage.dense ?? []).reduce((n, r) => n + r.bytes, 0);
      return String(Math.round((s.storage.database - dense) / s.chunks));
    }),
  ]);
  return rows;
}

export function buildRows(sizes: SizeResult[]): string[][] {
  const all = (s: SizeResult) => [...s.indexes, ...(s.dense?.indexes ?? [])];
  const names = [...new Set(sizes.flatMap((s) => all(s).map((i) => i.name)))];
  const rows = [
    ['', ...sizes.map((s) => k(s.chunks))],
    ['insert chunks (s)', ...sizes.map((s) => s.insertSeconds.toFixed(0))],
    ...names.map((n) => [
      `build ${n} (s)`,
      ...sizes.map((s) => {
        const b = all(s).find((i) => i.name === n);
        return b ? b.seconds.toFixed(1) : '-';
      }),
    ]),
  ];
  if (sizes.some((s) => s.dense)) {
    rows.splice(2, 0, ['generate dense vectors (s)', ...sizes.map((s) => s.dense?.insertSeconds.toFixed(0) ?? '-')]);
  }
  return rows;
}

export function printGrowth(sizes: SizeResult[]): void {
  for (const s of sizes) {
    console.log(
      `\n${s.chunks.toLocaleString('en')} chunks (${s.documents.toLocaleString('en')} documents), database ${s.database}` +
        (s.reused ? `, built ${s.builtAt} and reused` : ', built in this run') +
        (s.measuredAt ? ` (measured ${s.measuredAt}, carried over)` : ''),
    );
    for (const g of s.groups) {
      console.log(`  ${g.name}:`);
      for (const line of textTable(probeRows(g, true))) console.log(`  ${line}`);
    }
  }
  console.log('\nStorage');
  for (const line of textTable(storageTable(sizes))) console.log(line);
  console.log('\nLoad and index builds');
  for (const line of textTable(buildRows(sizes))) console.log(line);
  console.log('\nGrowth of p95 (b: exponent of p95 ~ chunks^b between the smallest and largest size; 0 is flat)');
  for (const line of textTable(growthRows(sizes))) console.log(line);
}

/** The headline figures: DocQA's search against its floor at each size, and filtered search never short. */
export function growthSummary(sizes: SizeResult[]): SummaryRow[] {
  const rows: SummaryRow[] = [];
  for (const s of sizes) {
    const pairs: Array<[string, string, string]> = [
      ['DocQA vector', 'hnsw ef=40', 'HNSW floor'],
      ['DocQA keyword', 'floor: ranked full-text', 'ranked full-text floor'],
    ];
    for (const [own, floor, floorName] of pairs) {
      const a = find(s, 'no filter', own);
      const b = find(s, 'no filter', floor);
      if (!a || !b) continue;
      const ratio = a.latency.p95 / b.latency.p95;
      rows.push({
        figure: `${own} p95, ${k(s.chunks)} chunks`,
        value: `${ms(a.latency.p95)} ms`,
        baseline: `${ms(b.latency.p95)} ms (${floorName})`,
        ratio: `${ratio.toFixed(2)}x`,
        target: `<= ${TARGET_RATIO}x`,
        pass: ratio <= TARGET_RATIO,
      });
    }
    for (const group of ['filtered 10%', 'filtered 1%']) {
      const a = find(s, group, 'DocQA vector');
      const b = find(s, group, 'hnsw, no iterative');
      if (!a) continue;
      rows.push({
        figure: `DocQA vector ${group.replace('filtered ', '')} filter, ${k(s.chunks)} chunks: recall@10, short answers`,
        value: `${pct(a.recall)}, ${a.short ?? '-'} short`,
        baseline: b ? `${pct(b.recall)}, ${b.short ?? '-'} short (HNSW without iterative scan)` : undefined,
        target: '0 short',
        pass: a.short === undefined ? undefined : a.short === 0,
      });
    }
  }
  return rows;
}

export function growthMarkdown(sizes: SizeResult[]): string[] {
  const out: string[] = [];
  out.push('p95 of top-10 searches, one at a time, by size (recall@10 against the exact top 10):', '');
  out.push(...markdownTable(growthRows(sizes)), '');
  out.push('Storage (pg_relation_size of each relation):', '');
  out.push(...markdownTable(storageTable(sizes)), '');
  out.push('Load and index build times:', '');
  out.push(...markdownTable(buildRows(sizes)), '');
  for (const s of sizes) {
    for (const g of s.groups) {
      out.push(`<details><summary>${k(s.chunks)} chunks, ${g.name}: every path measured</summary>`, '');
      out.push(...markdownTable(probeRows(g, true)), '', '</details>', '');
    }
  }
  return out;
}
