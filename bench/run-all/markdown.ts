import type { SummaryRow } from '../results';
import type { MachineInfo } from './machine';

/**
 * docs/benchmarks.md, written from the results files: the machine, then one section per benchmark with its
 * headline table (figure, baseline from the same run, ratio, target, verdict) and any detail tables the
 * benchmark saved (`markdown`). Hand-written analysis lives between `<!-- analysis:<name> -->` and
 * `<!-- /analysis:<name> -->` and is carried over from the previous file each time it is written.
 */

export interface BenchSection {
  /** The results file's name (`http`, `scale`...). */
  name: string;
  title: string;
  /** The command the figures came from, as the results file records it. */
  command?: string;
  measuredAt?: string;
  /** This run of `npm run bench`: how the script ended, or why it did not run. */
  run?: { exitCode: number | null; seconds: number } | { skipped: string };
  rows: SummaryRow[];
  details: string[];
  notes: string[];
}

export interface RunInfo {
  command: string;
  startedAt: string;
}

const cell = (s: string | undefined) => (s ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function summaryTable(rows: SummaryRow[]): string[] {
  if (!rows.length) return ['(no figures in the results file)'];
  const verdict = (p: boolean | undefined) => (p === undefined ? '' : p ? 'pass' : '**fail**');
  return [
    '| figure | value | baseline (same run) | ratio | target | verdict |',
    '| --- | ---: | --- | ---: | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${cell(r.figure)} | ${cell(r.value)} | ${cell(r.baseline)} | ${cell(r.ratio)} | ${cell(r.target)} | ${verdict(r.pass)} |`,
    ),
  ];
}

/** The analysis blocks of an existing document, by benchmark name. */
export function analysisBlocks(previous: string): Map<string, string> {
  const blocks = new Map<string, string>();
  const re = /<!-- analysis:([\w-]+) -->\n([\s\S]*?)<!-- \/analysis:\1 -->/g;
  for (let m = re.exec(previous); m; m = re.exec(previous)) blocks.set(m[1], m[2]);
  return blocks;
}

function runCell(s: BenchSection): string {
  if (!s.run) return 'results on file (not run now)';
  if ('skipped' in s.run) return `skipped: ${s.run.skipped}`;
  return `${s.run.exitCode === 0 ? 'exit 0' : `exit ${s.run.exitCode}`}, ${(s.run.seconds / 60).toFixed(1)} min`;
}

export function renderBenchmarks(machine: MachineInfo, run: RunInfo, sections: BenchSection[], previous = ''): string {
  const analysis = analysisBlocks(previous);
  const out: string[] = [
    '# Benchmarks',
    '',
    '<!-- Written by `npm run bench` (bench/run-all/run-all.ts) from bench/results/*.json. Edit only between the',
    '     analysis markers: everything else is replaced when it runs again. -->',
    '',
    `Every benchmark measures DocQA next to a baseline in the same run, on the same machine; this page gathers`,
    `their headline figures. Regenerate it with \`${run.command}\` (all of them, one after the other; see`,
    '`-- --help`), or from the results already in `bench/results/` with `npm run bench -- --report-only`.',
    '',
    '## Machine',
    '',
    '| | |',
    '| --- | --- |',
    `| CPU | ${machine.cpus} cores${machine.cpuModel ? `, ${cell(machine.cpuModel)}` : ''} |`,
    `| memory | ${machine.memoryGiB} GiB |`,
    `| OS | ${cell(machine.os)} |`,
    `| Node.js | ${machine.node} |`,
    `| PostgreSQL | ${machine.postgres ?? 'not reached (DATABASE_URL unset)'} |`,
    `| pgvector | ${machine.pgvector ?? '-'} |`,
    `| Redis | ${machine.redis ?? '-'} |`,
    '',
    `Written ${run.startedAt.slice(0, 16).replace('T', ' ')} UTC. Each section names the command and the time of its figures.`,
    '',
    '## Overview',
    '',
    '| benchmark | measured | command | targets met | this run |',
    '| --- | --- | --- | --- | --- |',
    ...sections.map((s) => {
      const judged = s.rows.filter((r) => r.pass !== undefined);
      const met = judged.length ? `${judged.filter((r) => r.pass).length} of ${judged.length}` : '-';
      return `| [${s.title}](#${s.name}) | ${s.measuredAt ? s.measuredAt.slice(0, 16).replace('T', ' ') : 'never'} | \`${cell(s.command ?? '-')}\` | ${met} | ${cell(runCell(s))} |`;
    }),
    '',
  ];
  for (const s of sections) {
    out.push(`<a id="${s.name}"></a>`, '', `## ${s.title}`, '');
    out.push(
      s.measuredAt
        ? `\`${cell(s.command ?? '-')}\`, measured ${s.measuredAt.slice(0, 16).replace('T', ' ')} UTC.`
        : 'No results yet.',
      '',
    );
    for (const n of s.notes) out.push(`> ${n}`, '');
    out.push(...summaryTable(s.rows), '');
    if (s.details.length) out.push(...s.details, '');
    const kept = analysis.get(s.name);
    if (kept !== undefined) {
      out.push(`<!-- analysis:${s.name} -->\n${kept.replace(/\n*$/, '\n')}<!-- /analysis:${s.name} -->`, '');
    }
  }
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}
