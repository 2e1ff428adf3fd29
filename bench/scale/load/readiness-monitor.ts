import type { AppProcess } from './app-processes';
import type { ReadinessSample } from './stats';

/**
 * Polls every app's readiness probe (`GET /api/v1/ready`) a few times a second for the whole run, as a load
 * balancer or orchestrator would, and keeps each answer: its status (0 when the process did not answer) and,
 * from the details, how many LLM circuits are open.
 */
export class ReadinessMonitor {
  readonly samples = new Map<string, ReadinessSample[]>();
  private timer?: NodeJS.Timeout;
  private busy = false;

  constructor(
    private readonly apps: AppProcess[],
    private readonly clock: () => number,
    private readonly intervalMs = 250,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.poll(), this.intervalMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private async poll(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      await Promise.all(this.apps.map((app) => this.probe(app)));
    } finally {
      this.busy = false;
    }
  }

  private async probe(app: AppProcess): Promise<void> {
    const at = this.clock();
    const sample: ReadinessSample = { at, status: 0 };
    try {
      const res = await fetch(`${app.url}/api/v1/ready`, { signal: AbortSignal.timeout(3000) });
      sample.status = res.status;
      const body = (await res.json().catch(() => undefined)) as
        { details?: { llm?: { openCircuits?: number } }; error?: { llm?: { openCircuits?: number } } } | undefined;
      const llm = body?.details?.llm ?? body?.error?.llm;
      if (typeof llm?.openCircuits === 'number') sample.openCircuits = llm.openCircuits;
    } catch {
      sample.status = 0;
    }
    const list = this.samples.get(app.name) ?? [];
    list.push(sample);
    this.samples.set(app.name, list);
  }

  /** The last answer of an app. */
  last(name: string): ReadinessSample | undefined {
    const list = this.samples.get(name);
    return list?.[list.length - 1];
  }

  /** Resolves once every named app's last answer satisfies `ok`, or after `timeoutMs` (false). */
  async until(names: string[], ok: (s: ReadinessSample) => boolean, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    const since = this.clock();
    for (;;) {
      if (
        names.every((n) => {
          const s = this.last(n);
          return !!s && s.at >= since && ok(s);
        })
      )
        return true;
      if (Date.now() > deadline) return false;
      await new Promise((r) => setTimeout(r, this.intervalMs));
    }
  }
}
