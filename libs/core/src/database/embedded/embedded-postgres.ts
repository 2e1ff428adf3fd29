import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { DataDirLock } from './data-dir-lock';

export interface EmbeddedEndpoint {
  host: string;
  port: number;
}

export interface EmbeddedPostgresOptions {
  logger?: Pick<Logger, 'log' | 'warn' | 'error'>;
  /** initdb takes about 3 s; a loaded CI machine can take several times longer. */
  startTimeoutMs?: number;
  /** Restart the child on the same port when it dies unexpectedly (default true). */
  restartOnCrash?: boolean;
}

type FromChild =
  { type: 'ready'; port: number; created: boolean; startupMs: number } | { type: 'error'; message: string };

export class EmbeddedDatabaseStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmbeddedDatabaseStartError';
  }
}

const HOST = '127.0.0.1';
const MAX_CONSECUTIVE_RESTARTS = 5;
const STABLE_AFTER_MS = 60_000;
const STOP_DEADLINE_MS = 12_000;

/** Under jest this module is the .ts source and Node runs the child from source too; from dist, the compiled .mjs. */
function childScript(): string {
  return join(__dirname, __filename.endsWith('.ts') ? 'pglite-server.child.mts' : 'pglite-server.child.mjs');
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/**
 * Runs PGlite in a child process behind a Postgres wire-protocol socket on 127.0.0.1 (random port), and
 * owns the data directory's lock for as long as that child may touch the files. If the child dies, the
 * database is down (pings fail) until it is restarted on the same port, so the connection pool needs no
 * new configuration.
 */
export class EmbeddedPostgres {
  private child?: ChildProcess;
  private lock?: DataDirLock;
  private port = 0;
  private state: 'stopped' | 'starting' | 'running' | 'down' | 'stopping' = 'stopped';
  private readyAt = 0;
  private restarts = 0;
  private restartTimer?: NodeJS.Timeout;
  private output = '';
  private readonly logger: Pick<Logger, 'log' | 'warn' | 'error'>;

  constructor(
    readonly dataDir: string,
    private readonly options: EmbeddedPostgresOptions = {},
  ) {
    this.logger = options.logger ?? new Logger('EmbeddedDatabase');
  }

  /** True while the child serves queries; false while it is down or restarting. */
  get running(): boolean {
    return this.state === 'running';
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get endpoint(): EmbeddedEndpoint {
    return { host: HOST, port: this.port };
  }

  async start(): Promise<EmbeddedEndpoint> {
    if (this.state !== 'stopped') throw new Error(`the embedded database in ${this.dataDir} is already started`);
    this.state = 'starting';
    try {
      this.lock = DataDirLock.acquire(this.dataDir);
      await this.spawnChild();
    } catch (err) {
      this.lock?.release();
      this.lock = undefined;
      this.state = 'stopped';
      throw err;
    }
    return this.endpoint;
  }

  async stop(): Promise<void> {
    if (this.state === 'stopped' || this.state === 'stopping') return;
    this.state = 'stopping';
    clearTimeout(this.restartTimer);
    const child = this.child;
    if (child) {
      child.ref();
      child.channel?.ref();
      if (child.connected) child.send({ type: 'shutdown' });
      else child.kill('SIGTERM');
      if (!(await waitForExit(child, STOP_DEADLINE_MS))) {
        this.logger.warn(
          `embedded database process ${child.pid} did not close within ${STOP_DEADLINE_MS} ms; killing it`,
        );
        child.kill('SIGKILL');
        await waitForExit(child, 2_000);
      }
    }
    this.child = undefined;
    this.lock?.release();
    this.lock = undefined;
    this.state = 'stopped';
  }

  private spawnChild(): Promise<void> {
    const script = childScript();
    if (script.endsWith('.mts') && !(process.features as { typescript?: string }).typescript) {
      throw new EmbeddedDatabaseStartError(
        `Node ${process.version} cannot run ${script} from source (no type stripping); run through the npm scripts, which use Node 24`,
      );
    }
    this.output = '';
    const child = spawn(process.execPath, [script, JSON.stringify({ dataDir: this.dataDir, port: this.port })], {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
    });
    this.child = child;
    // Recorded at once, not when ready: if this process dies during initdb, the orphaned child keeps the
    // lock live until it has closed the files.
    if (child.pid) this.lock!.recordServer(child.pid);
    const keep = (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-4000));
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);

    return new Promise<void>((resolve, reject) => {
      let outcome: 'pending' | 'ready' | 'failed' = 'pending';
      const fail = async (reason: string) => {
        if (outcome !== 'pending') return;
        outcome = 'failed';
        clearTimeout(timer);
        // The lock must outlive the child: it may still be closing the files.
        if (!(await waitForExit(child, STOP_DEADLINE_MS))) {
          child.kill('SIGKILL');
          await waitForExit(child, 2_000);
        }
        const output = this.output.trim();
        reject(
          new EmbeddedDatabaseStartError(`${reason}${output ? `\n--- embedded database output ---\n${output}` : ''}`),
        );
      };
      const timer = setTimeout(() => {
        child.kill('SIGTERM');
        void fail(`the embedded database in ${this.dataDir} did not start within ${this.startTimeoutMs} ms`);
      }, this.startTimeoutMs);
      child.once('error', (err) => void fail(`could not start the embedded database process: ${err.message}`));
      child.once('exit', (code, signal) => {
        if (outcome === 'pending')
          void fail(`the embedded database process exited during startup (${signal ?? `code ${code}`})`);
        else if (outcome === 'ready') this.onExit(child, code, signal);
      });
      child.on('message', (message: FromChild) => {
        if (message.type === 'error') void fail(message.message);
        if (message.type !== 'ready' || outcome !== 'pending') return;
        outcome = 'ready';
        clearTimeout(timer);
        this.port = message.port;
        this.readyAt = Date.now();
        if (this.state === 'starting' || this.state === 'down') this.state = 'running';
        // The database alone never keeps a process alive: when the parent is done, the child sees the
        // channel close and shuts down cleanly.
        child.unref();
        child.channel?.unref();
        (child.stdout as unknown as { unref(): void }).unref();
        (child.stderr as unknown as { unref(): void }).unref();
        this.logger.log(
          message.created
            ? `created the embedded database in ${this.dataDir} (${message.startupMs} ms)`
            : `opened the embedded database in ${this.dataDir} (${message.startupMs} ms)`,
        );
        resolve();
      });
    });
  }

  private get startTimeoutMs(): number {
    return this.options.startTimeoutMs ?? 60_000;
  }

  private onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.state === 'stopping' || child !== this.child) return;
    this.state = 'down';
    if (Date.now() - this.readyAt > STABLE_AFTER_MS) this.restarts = 0;
    const output = this.output.trim();
    this.logger.error(
      `the embedded database process ${child.pid} exited unexpectedly (${signal ?? `code ${code}`}); ` +
        `queries fail until it is back${output ? `. Last output:\n${output}` : ''}`,
    );
    if (this.options.restartOnCrash ?? true) this.scheduleRestart();
  }

  private scheduleRestart(): void {
    if (this.restarts >= MAX_CONSECUTIVE_RESTARTS) {
      this.logger.error(
        `the embedded database crashed ${this.restarts} times in a row; not restarting it again. ` +
          'Readiness reports the database down until this process is restarted.',
      );
      return;
    }
    const delay = Math.min(500 * 2 ** this.restarts, 10_000);
    this.restarts++;
    this.restartTimer = setTimeout(() => {
      if (this.state !== 'down') return;
      this.spawnChild().then(
        () => this.logger.warn(`restarted the embedded database (attempt ${this.restarts}) on port ${this.port}`),
        (err: Error) => {
          if (this.state !== 'down') return;
          this.logger.error(`could not restart the embedded database: ${err.message}`);
          this.scheduleRestart();
        },
      );
    }, delay);
    this.restartTimer.unref();
  }
}
