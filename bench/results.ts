import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './bench-process';

/** Writes a benchmark's figures to bench/results/<name>.json with the machine they were measured on. */
export function saveResults(name: string, figures: Record<string, unknown>): string {
  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.json`);
  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  };
  writeFileSync(
    file,
    `${JSON.stringify({ name, measuredAt: new Date().toISOString(), machine, ...figures }, null, 2)}\n`,
  );
  return file;
}

/**
 * One headline figure of a benchmark next to its baseline from the same run, as `npm run bench` tabulates it in
 * docs/benchmarks.md. A benchmark that saves `summary: SummaryRow[]` with its figures is tabulated from it as is;
 * the others are read by bench/run-all/summaries.ts.
 */
export interface SummaryRow {
  figure: string;
  value: string;
  baseline?: string;
  /** value / baseline, as the target reads it (e.g. `0.81x`). */
  ratio?: string;
  target?: string;
  /** undefined: no target, or not measured in this run. */
  pass?: boolean;
}
