import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

/** Resident set of one process, from /proc/<pid>/status (bytes); undefined once it has exited. */
function statusOf(pid: number): { rss: number; hwm: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { rss: kb('VmRSS') * 1024, hwm: kb('VmHWM') * 1024 };
  } catch {
    return undefined;
  }
}

/** The given processes and all their descendants (a scan of /proc: this kernel has no task/<tid>/children). */
export function processTree(roots: number[]): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    // The command name may hold spaces and parentheses: the parent pid is the 2nd field after the last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const list = children.get(ppid) ?? [];
    list.push(Number(entry));
    children.set(ppid, list);
  }
  const seen = new Set<number>();
  const stack = [...roots];
  while (stack.length) {
    const pid = stack.pop()!;
    if (seen.has(pid)) continue;
    seen.add(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return [...seen];
}

/** A short name for a process: the script it runs (`main.js` apps by their folder: `api`, `worker`). */
function labelOf(pid: number): string {
  try {
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    const script = args.find((a) => /\.(m?js|cjs)$/.test(a)) ?? args[0];
    const app = /apps\/([^/]+)\/src\/main\.js$/.exec(script);
    if (app) return app[1];
    return script
      .split('/')
      .pop()!
      .replace(/\.(m?js|cjs)$/, '');
  } catch {
    return String(pid);
  }
}

export interface RssPeak {
  /** Highest sum of the sampled trees' resident sets. */
  peakBytes: number;
  /** The processes' own high-water marks, summed, when sampling started (start-up, e.g. PGlite's initdb). */
  beforeBytes: number;
  /** Highest resident set of each process seen, summed by label (see `labelOf`), with how many there were. */
  byProcess: Record<string, { processes: number; bytes: number }>;
  samples: number;
}

/**
 * Samples the summed resident set of process trees every `intervalMs`. The peak is the highest sampled sum,
 * raised to any single process's own high-water mark (VmHWM), which the kernel keeps exactly: a spike shorter
 * than the interval in a one-process pipeline is still seen.
 */
export class RssSampler {
  private peak = 0;
  private before = 0;
  private readonly byProcess = new Map<number, { label: string; peak: number }>();
  private samples = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly roots: () => number[],
    private readonly intervalMs = 100,
  ) {}

  /**
   * Starts sampling. The high-water marks are reset first (`5` into /proc/<pid>/clear_refs) so that what the
   * processes did before, such as a first start creating its database, is reported apart.
   */
  start(): this {
    for (const pid of processTree(this.roots().filter((p) => p > 0))) {
      this.before += statusOf(pid)?.hwm ?? 0;
      try {
        writeFileSync(`/proc/${pid}/clear_refs`, '5');
      } catch {
        // Not permitted here: the peak then includes start-up.
      }
    }
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    return this;
  }

  sample(): void {
    const roots = this.roots().filter((pid) => pid > 0);
    if (!roots.length) return;
    let sum = 0;
    for (const pid of processTree(roots)) {
      const s = statusOf(pid);
      if (!s) continue;
      sum += s.rss;
      this.peak = Math.max(this.peak, s.hwm);
      const seen = this.byProcess.get(pid) ?? { label: labelOf(pid), peak: 0 };
      seen.peak = Math.max(seen.peak, s.rss, s.hwm);
      this.byProcess.set(pid, seen);
    }
    this.peak = Math.max(this.peak, sum);
    this.samples += 1;
  }

  stop(): RssPeak {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    const byProcess: RssPeak['byProcess'] = {};
    for (const { label, peak } of this.byProcess.values()) {
      const entry = (byProcess[label] ??= { processes: 0, bytes: 0 });
      entry.processes += 1;
      entry.bytes += peak;
    }
    return { peakBytes: this.peak, beforeBytes: this.before, byProcess, samples: this.samples };
  }
}
