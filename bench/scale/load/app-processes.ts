import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { DIST, ROOT } from '../../bench-process';

/** A port nothing listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export type AppKind = 'api' | 'worker';

/** A log line of level error or fatal (pino: 50, 60), as the report quotes it. */
export interface LoggedError {
  at: number;
  msg: string;
}

/**
 * One built app (`dist/apps/<kind>/src/main.js`) as a real process on a fixed port, started, killed and
 * started again on the same port by the fault phases. Its log is read line by line: errors are kept for the
 * report, the rest is dropped (the pipes keep flowing so the child never blocks).
 */
export class AppProcess {
  proc?: ChildProcess;
  readonly errors: LoggedError[] = [];
  private tail = '';
  private starts = 0;

  constructor(
    readonly name: string,
    readonly kind: AppKind,
    readonly port: number,
    private readonly env: NodeJS.ProcessEnv,
    private readonly clock: () => number,
    private readonly distDir = DIST,
    /** A loopback port for the process's inspector, through which the benchmark reads its live heap. */
    readonly inspectPort?: number,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.proc && this.proc.exitCode === null && this.proc.signalCode === null ? this.proc.pid : undefined;
  }

  /** Starts the process and resolves once its liveness probe answers. */
  async start(timeoutMs = 90_000): Promise<void> {
    this.starts += 1;
    const portVar = this.kind === 'api' ? { PORT: String(this.port) } : { WORKER_PORT: String(this.port), PORT: '0' };
    const inspect = this.inspectPort ? [`--inspect=127.0.0.1:${this.inspectPort}`] : [];
    const proc = spawn(process.execPath, [...inspect, join(this.distDir, 'apps', this.kind, 'src', 'main.js')], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, ...this.env, ...portVar },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.proc = proc;
    let pending = '';
    const onData = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      this.tail = (this.tail + text).slice(-8000);
      pending += text;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) this.readLine(line);
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (proc.exitCode !== null)
        throw new Error(`${this.name} exited with ${proc.exitCode}:\n${this.tail.slice(-2500)}`);
      const res = await fetch(`${this.url}/api/v1/health`, { signal: AbortSignal.timeout(1000) }).catch(
        () => undefined,
      );
      if (res?.status === 200) return;
      if (Date.now() > deadline)
        throw new Error(`${this.name} did not start in ${timeoutMs} ms:\n${this.tail.slice(-2500)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  private readLine(line: string): void {
    if (!line.startsWith('{')) return;
    try {
      const entry = JSON.parse(line) as { level?: number; msg?: string; err?: { message?: string } };
      if ((entry.level ?? 0) >= 50) {
        this.errors.push({
          at: this.clock(),
          msg: `${entry.msg ?? ''}${entry.err?.message ? `: ${entry.err.message}` : ''}`,
        });
      }
    } catch {
      // Not a log line (a stack trace printed by a crashing child, say): the tail keeps it.
    }
  }

  /** Kills the process with `signal` and resolves once it is gone. */
  async kill(signal: NodeJS.Signals = 'SIGKILL', timeoutMs = 15_000): Promise<void> {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
      proc.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      proc.kill(signal);
    });
  }

  logTail(): string {
    return this.tail;
  }

  get startCount(): number {
    return this.starts;
  }
}
