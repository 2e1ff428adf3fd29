import { readdirSync, readFileSync } from 'node:fs';
import { processTree } from './rss-sampler';

const CLOCK_TICKS = 100;

/** user + system CPU seconds of one process, from /proc/<pid>/stat; undefined once it has exited. */
function cpuOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

/** What a process is, for the breakdown: the apps by name, their parser and database processes. */
function componentOf(args: string): string {
  if (/apps\/api\/src\/main\.js/.test(args)) return 'api';
  if (/apps\/worker\/src\/main\.js/.test(args)) return 'worker';
  if (/parser\.worker\.js/.test(args)) return 'parsers';
  // The PDF reader the parser processes run (poppler's pdftotext, exec'd through `sh` for its memory limit).
  if (/^(\S*\/)?(pdftotext|sh -c ulimit -v) /.test(args)) return 'parsers';
  if (/pglite/i.test(args)) return 'database';
  if (/^postgres:/.test(args)) return 'database';
  if (/^(\/bin\/)?sh /.test(args)) return 'other';
  return 'other';
}

/**
 * CPU seconds spent per component while a pipeline runs: the process trees of the API and the worker (their
 * parser processes and the embedded PGlite child included), and in server mode the PostgreSQL backends
 * connected to the run's database (found by its name in their process title). Sampled every `intervalMs`:
 * a process that exits between two samples loses at most that much.
 */
export class CpuMeter {
  private readonly first = new Map<number, number>();
  private readonly last = new Map<number, { cpu: number; component: string }>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly roots: () => number[],
    private readonly databaseName?: string,
    private readonly intervalMs = 100,
  ) {}

  start(): this {
    this.sample(true);
    this.timer = setInterval(() => this.sample(false), this.intervalMs);
    return this;
  }

  private pids(): number[] {
    const pids = processTree(this.roots().filter((p) => p > 0));
    if (this.databaseName) {
      for (const entry of readdirSync('/proc')) {
        if (!/^\d+$/.test(entry)) continue;
        const args = cmdline(Number(entry));
        if (args.startsWith('postgres:') && args.includes(` ${this.databaseName} `)) pids.push(Number(entry));
      }
    }
    return pids;
  }

  private sample(baseline: boolean): void {
    for (const pid of this.pids()) {
      const cpu = cpuOf(pid);
      if (cpu === undefined) continue;
      // A process that is there at the start counts from there; one started later counts whole.
      if (!this.first.has(pid)) this.first.set(pid, baseline ? cpu : 0);
      const seen = this.last.get(pid);
      this.last.set(pid, { cpu, component: seen?.component ?? componentOf(cmdline(pid)) });
    }
  }

  /** CPU seconds by component since `start()`, with their total. */
  stop(): Record<string, number> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.sample(false);
    const out: Record<string, number> = {};
    for (const [pid, { cpu, component }] of this.last) {
      const spent = cpu - (this.first.get(pid) ?? 0);
      if (spent > 0) out[component] = (out[component] ?? 0) + spent;
    }
    out.total = Object.values(out).reduce((a, b) => a + b, 0);
    return out;
  }
}
