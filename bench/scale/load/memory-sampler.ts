import { readFileSync } from 'node:fs';
import { processTree } from '../../ingest/rss-sampler';
import type { AppProcess } from './app-processes';
import { liveHeapBytes } from './live-heap';
import type { MemorySample } from './stats';

function rssOf(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) * 1024;
  } catch {
    return undefined;
  }
}

/**
 * Resident memory of each app process once a second: its own (the Node process) and with its children (the
 * parser processes a worker runs). Samples are kept per process id, so a worker started again after a kill is
 * a new series, not a drop in the old one.
 */
export class MemorySampler {
  /** `<app name>#<pid>` -> samples of the process itself. */
  readonly own = new Map<string, MemorySample[]>();
  /** `<app name>#<pid>` -> samples of the process and its descendants. */
  readonly tree = new Map<string, MemorySample[]>();
  /**
   * `<app name>#<pid>` -> the V8 heap in use (`nodejs_heap_size_used_bytes` from the app's /metrics), every
   * fifth sample: RSS alone cannot tell a leak from a heap V8 has not bothered to shrink.
   */
  readonly heap = new Map<string, MemorySample[]>();
  /** `<app name>#<pid>` -> the V8 heap left after a full collection, read at each phase boundary (live-heap.ts). */
  readonly live = new Map<string, Array<MemorySample & { phase: string }>>();
  private ticks = 0;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly apps: AppProcess[],
    private readonly clock: () => number,
    private readonly intervalMs = 1000,
  ) {}

  private async sampleHeaps(at: number): Promise<void> {
    await Promise.all(
      this.apps.map(async (app) => {
        const pid = app.pid;
        if (!pid) return;
        const res = await fetch(`${app.url}/metrics`, { signal: AbortSignal.timeout(3000) }).catch(() => undefined);
        const used = res?.ok ? heapUsedOf(await res.text()) : undefined;
        if (used === undefined) return;
        const key = `${app.name}#${pid}`;
        (this.heap.get(key) ?? this.heap.set(key, []).get(key)!).push({ at, rssBytes: used });
      }),
    );
  }

  /** One live-heap reading of every process that has an inspector, labelled with the phase that begins. */
  async sampleLive(phase: string): Promise<void> {
    await Promise.all(
      this.apps.map(async (app) => {
        const pid = app.pid;
        if (!pid || !app.inspectPort) return;
        const used = await liveHeapBytes(app.inspectPort).catch(() => undefined);
        if (used === undefined) return;
        const key = `${app.name}#${pid}`;
        (this.live.get(key) ?? this.live.set(key, []).get(key)!).push({ at: this.clock(), rssBytes: used, phase });
      }),
    );
  }

  start(): void {
    this.timer = setInterval(() => this.sample(), this.intervalMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  sample(): void {
    const at = this.clock();
    if (this.ticks++ % 5 === 0) void this.sampleHeaps(at);
    for (const app of this.apps) {
      const pid = app.pid;
      if (!pid) continue;
      const own = rssOf(pid);
      if (own === undefined) continue;
      const key = `${app.name}#${pid}`;
      const tree = processTree([pid]).reduce((sum, p) => sum + (rssOf(p) ?? 0), 0);
      (this.own.get(key) ?? this.own.set(key, []).get(key)!).push({ at, rssBytes: own });
      (this.tree.get(key) ?? this.tree.set(key, []).get(key)!).push({ at, rssBytes: tree });
    }
  }
}

/** The V8 heap in use, from a Prometheus text exposition with prom-client's default metrics. */
export function heapUsedOf(metrics: string): number | undefined {
  const m = /^nodejs_heap_size_used_bytes(?:\{[^}]*\})? (\S+)/m.exec(metrics);
  return m ? Number(m[1]) : undefined;
}
