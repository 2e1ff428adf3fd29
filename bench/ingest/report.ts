import { cpus } from 'node:os';
import { PipelineResult, Summary, summarize } from './pipeline-result';

export interface Check {
  label: string;
  value: string;
  target: string;
  pass: boolean;
}

const COLUMNS = [
  '',
  'files',
  'pages',
  'chunks',
  'seconds',
  'pages/s',
  'chunks/s',
  'peak RSS',
  'ready',
  'failed',
  'empty',
  'lost',
];

function row(name: string, s: Summary): string[] {
  return [
    name,
    String(s.files),
    String(s.units),
    String(s.chunks),
    s.seconds.toFixed(2),
    s.unitsPerSecond.toFixed(1),
    s.chunksPerSecond.toFixed(1),
    `${s.peakRssMiB.toFixed(0)} MiB`,
    String(s.outcomes.ready),
    String(s.outcomes.failed),
    String(s.outcomes.empty),
    String(s.outcomes.lost),
  ];
}

/** Prints one comparison table and returns the checks against the issue's targets. */
export function printComparison(
  title: string,
  docqa: PipelineResult[],
  langchain: PipelineResult | undefined,
  throughputTarget: number,
  setName: string,
): Check[] {
  const rows = [COLUMNS];
  const lc = langchain && summarize(langchain);
  if (lc) rows.push(row(langchain!.pipeline, lc));
  const checks: Check[] = [];
  for (const r of docqa) {
    const s = summarize(r);
    rows.push(row(r.pipeline, s));
    if (lc) {
      const ratio = s.unitsPerSecond / lc.unitsPerSecond;
      checks.push({
        label: `${setName}: ${r.pipeline} / LangChain pages/s`,
        value: `${ratio.toFixed(2)}x`,
        target: `>= ${throughputTarget}x`,
        pass: ratio >= throughputTarget,
      });
    }
    checks.push({
      label: `${setName}: ${r.pipeline} peak RSS`,
      value: `${s.peakRssMiB.toFixed(0)} MiB`,
      target: '< 1024 MiB',
      pass: s.peakRssMiB < 1024,
    });
    checks.push({
      label: `${setName}: ${r.pipeline} documents lost`,
      value: String(s.outcomes.lost),
      target: '0',
      pass: s.outcomes.lost === 0,
    });
  }
  const widths = COLUMNS.map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  console.log(`\n${title}`);
  for (const r of rows)
    console.log(`  ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')}`);
  if (langchain?.stages) {
    const total = Object.values(langchain.stages).reduce((a, b) => a + b, 0) || 1;
    const parts = Object.entries(langchain.stages).map(
      ([k, ms]) => `${k.replace(/Ms$/, '')} ${((ms / total) * 100).toFixed(0)}%`,
    );
    console.log(`  LangChain time by step: ${parts.join(', ')}`);
  }
  for (const r of docqa) {
    const stages = Object.entries(r.jobStageSeconds ?? {});
    if (stages.length) {
      const parts = stages.map(([stage, sec]) => `${stage} ${sec.toFixed(1)} s`).join(', ');
      console.log(`  ${r.pipeline} job time by stage (summed over documents; jobs overlap): ${parts}`);
    }
  }
  for (const r of [...(langchain ? [langchain] : []), ...docqa]) {
    const cpu = r.cpuSeconds;
    if (!cpu?.total) continue;
    const parts = Object.entries(cpu)
      .filter(([k]) => k !== 'total' && k !== 'bench client')
      .sort((a, b) => b[1] - a[1])
      .map(([k, sec]) => `${k} ${sec.toFixed(1)}`)
      .join(', ');
    const capacity = r.seconds * cpus().length;
    const lcCpu = langchain?.cpuSeconds?.total;
    if (lcCpu && r !== langchain && cpu.parsers) {
      // What no scheduling can beat, from CPU time (which load on the machine skews far less than wall time):
      // LangChain runs in one thread, so on an idle machine its time is about its CPU time; DocQA's work spread
      // perfectly over the cores takes at least its CPU time divided by their number.
      const cores = cpus().length;
      console.log(
        `  ${r.pipeline} bound: it used ${cpu.total.toFixed(1)} CPU-s where LangChain's one thread used ${lcCpu.toFixed(1)}: ` +
          `on ${cores} idle cores at most ${(lcCpu / (cpu.total / cores)).toFixed(2)}x LangChain's pages/s; its parsers alone ` +
          `(${cpu.parsers.toFixed(1)} CPU-s) allow at most ${(lcCpu / (cpu.parsers / cores)).toFixed(2)}x`,
      );
    }
    const client =
      cpu['bench client'] === undefined ? '' : `; this bench's uploads and polling ${cpu['bench client'].toFixed(1)}`;
    console.log(
      `  ${r.pipeline} CPU seconds: ${parts}; total ${cpu.total.toFixed(1)} of the ${capacity.toFixed(1)} that ` +
        `${cpus().length} cores give in ${r.seconds.toFixed(1)} s (${((cpu.total / capacity) * 100).toFixed(0)}%)${client}`,
    );
  }
  for (const r of [...(langchain ? [langchain] : []), ...docqa]) {
    for (const n of r.notes) console.log(`  ${r.pipeline}: ${n}`);
    for (const line of notIndexed(r)) console.log(`  ${r.pipeline} ${line}`);
  }
  printChecks(checks);
  return checks;
}

export function printChecks(checks: Check[]): void {
  for (const c of checks) console.log(`  ${c.label}: ${c.value} (target ${c.target}) ${c.pass ? 'PASS' : 'FAIL'}`);
}

/** Files a pipeline did not index, grouped by what happened: "lost (No password given): 6 - a.pdf, b.pdf, ...". */
function notIndexed(r: PipelineResult): string[] {
  const groups = new Map<string, string[]>();
  for (const f of r.files) {
    if (f.outcome === 'ready') continue;
    // DocQA details start with a reason code ("encrypted: ..."); LangChain's are the loader's error message.
    const why = f.detail ? (/^[a-z_]+:/.test(f.detail) ? f.detail.split(':')[0] : f.detail.slice(0, 60)) : '';
    const key = `${f.outcome}${why ? ` (${why})` : ''}`;
    groups.set(key, [...(groups.get(key) ?? []), f.name]);
  }
  return [...groups].map(([key, names]) => {
    const shown = names.slice(0, 4).join(', ') + (names.length > 4 ? `, ... ${names.length - 4} more` : '');
    return `${key}: ${names.length} - ${shown}`;
  });
}
