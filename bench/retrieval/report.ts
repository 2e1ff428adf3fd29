import type { Latency } from './latency';
import { FLOOR_OF, SizeResult } from './latency-run';
import type { QualityResult } from './quality-run';
import { PUBLISHED_NDCG10 } from './scifact';
import { SEARCH_MODES } from './search-adapter';

export interface Check {
  label: string;
  value: string;
  target: string;
  /** undefined: could not be measured in this run. */
  pass: boolean | undefined;
}

export const TARGETS = { keywordNdcg10: 0.665, latencyRatioP95: 2, latencySize: 100_000 };

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => `  ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')}`);
}

export function printQuality(q: QualityResult): void {
  console.log(
    `\nSciFact (test split: ${q.queries} queries, ${q.documents.toLocaleString('en')} abstracts), ${q.mode} mode, search ${q.search}`,
  );
  console.log(`  loading: ${q.load}`);
  for (const e of q.embedders.filter((x) => x.scores)) {
    const builds = (e.indexes ?? []).map((i) => `${i.name} ${i.seconds.toFixed(1)} s`).join(', ');
    console.log(
      `  ${e.embedder}: embedded in ${e.embedSeconds?.toFixed(1)} s, inserted in ${e.insertSeconds?.toFixed(1)} s, ${builds}`,
    );
    console.log(`    BM25 statistics: ${e.statistics}`);
  }
  const rows = [['', 'nDCG@10', 'Recall@100', 'MRR@10']];
  for (const e of q.embedders) {
    if (!e.scores) continue;
    for (const mode of SEARCH_MODES) {
      const s = e.scores[mode];
      if (!s) continue;
      // Keyword search does not use the embedder: it is printed once, with the first embedder.
      if (mode === 'keyword' && e !== q.embedders.find((x) => x.scores)) continue;
      const name = mode === 'keyword' ? 'DocQA keyword (BM25)' : `DocQA ${mode}, ${e.embedder}`;
      rows.push([name, s.ndcg10.toFixed(3), s.recall100.toFixed(3), s.mrr10.toFixed(3)]);
    }
  }
  for (const p of PUBLISHED_NDCG10) rows.push([`published: ${p.system}`, p.ndcg10.toFixed(3), '-', '-']);
  for (const line of table(rows)) console.log(line);
  for (const e of q.embedders.filter((x) => x.skipped)) console.log(`  ${e.embedder}: not run, ${e.skipped}`);
}

const ms = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : '-');

export function printLatency(mode: string, sizes: SizeResult[]): void {
  for (const s of sizes) {
    console.log(
      `\nSearch latency, ${mode} mode, ${s.chunks.toLocaleString('en')} chunks (top 10, one query at a time)`,
    );
    console.log(
      `  loading: ${s.load.path}: ${s.load.insertSeconds.toFixed(1)} s inserting, ` +
        s.load.indexes.map((i) => `${i.name} ${i.seconds.toFixed(1)} s`).join(', '),
    );
    if (s.load.statsPath) console.log(`  BM25 statistics: ${s.load.statsPath}, ${s.load.statsSeconds?.toFixed(1)} s`);
    console.log(
      `  floor plans use: HNSW ${s.floorPlans.hnsw.join(', ') || 'no index'}; full-text ${s.floorPlans.fullText.join(', ') || 'no index'}`,
    );
    const rows = [['', 'p50 ms', 'p95 ms', 'mean ms', 'n', 'p50 / floor', 'p95 / floor']];
    const add = (name: string, l: Latency | undefined, ratio?: { p50Ratio: number; p95Ratio: number }) => {
      if (!l) return;
      rows.push([
        name,
        ms(l.p50),
        ms(l.p95),
        ms(l.mean),
        String(l.samples),
        ratio ? `${ratio.p50Ratio.toFixed(2)}x` : '',
        ratio ? `${ratio.p95Ratio.toFixed(2)}x` : '',
      ]);
    };
    for (const m of SEARCH_MODES) {
      add(`DocQA ${m}`, s.latency[`DocQA ${m}`], s.ratios[m]);
      add(`  ${FLOOR_OF[m]}`, s.latency[FLOOR_OF[m]]);
    }
    for (const line of table(rows)) console.log(line);
    for (const m of SEARCH_MODES) {
      const steps = s.serviceSteps[m];
      if (!steps || !Object.keys(steps).length) continue;
      const parts = Object.entries(steps).map(([step, v]) => `${step.replace(/Ms$/, '')} ${v.toFixed(2)}`);
      const plans = Object.entries(s.servicePlans[m] ?? {}).map(([plan, n]) => `${plan} x${n}`);
      console.log(
        `  DocQA ${m}, mean ms by step (the service's timings): ${parts.join(', ')}; plans: ${plans.join('; ')}`,
      );
    }
  }
}

export function printChecks(checks: Check[]): void {
  for (const c of checks) {
    const verdict = c.pass === undefined ? 'NOT MEASURED' : c.pass ? 'PASS' : 'MISS';
    console.log(`  ${c.label}: ${c.value} (target ${c.target}) ${verdict}`);
  }
}

/** The issue's targets, from what this run measured. */
export function checksOf(quality: QualityResult | undefined, latency: Record<string, SizeResult[]>): Check[] {
  const checks: Check[] = [];
  const first = quality?.embedders.find((e) => e.scores);
  const keyword = first?.scores?.keyword?.ndcg10;
  checks.push({
    label: 'SciFact keyword nDCG@10',
    value: keyword === undefined ? 'not measured' : keyword.toFixed(3),
    target: `>= ${TARGETS.keywordNdcg10} (BM25, BEIR)`,
    pass: keyword === undefined ? undefined : keyword >= TARGETS.keywordNdcg10,
  });
  const withScores = quality?.embedders.filter((e) => e.scores?.hybrid) ?? [];
  if (!withScores.length) {
    checks.push({
      label: 'SciFact hybrid nDCG@10 >= keyword',
      value: 'not measured',
      target: '>= keyword',
      pass: undefined,
    });
  }
  for (const e of withScores) {
    const hybrid = e.scores!.hybrid!.ndcg10;
    checks.push({
      label: `SciFact hybrid nDCG@10 (${e.embedder})`,
      value: `${hybrid.toFixed(3)} vs keyword ${keyword?.toFixed(3) ?? '-'}`,
      target: '>= keyword',
      pass: keyword === undefined ? undefined : hybrid >= keyword,
    });
  }
  const at = latency.server?.find((s) => s.chunks === TARGETS.latencySize);
  for (const m of SEARCH_MODES) {
    const r = at?.ratios[m];
    checks.push({
      label: `search p95 ${m} / ${FLOOR_OF[m].replace('floor: ', '')} floor, ${TARGETS.latencySize.toLocaleString('en')} chunks, server`,
      value: r
        ? `${r.p95Ratio.toFixed(2)}x (${ms(at!.latency[`DocQA ${m}`].p95)} vs ${ms(at!.latency[FLOOR_OF[m]].p95)} ms)`
        : 'not measured',
      target: `<= ${TARGETS.latencyRatioP95}x`,
      pass: r ? r.p95Ratio <= TARGETS.latencyRatioP95 : undefined,
    });
  }
  return checks;
}
