import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ClaimedJob, JobConsumers, RunJob, RunOutcome, StartedConsumer } from '../job-consumers';
import { KEEP_COMPLETED_JOBS, KEEP_FAILED_JOBS } from '../job-options';
import { QueueName } from '../job.types';
import { errorText } from '../run-job';
import { settleWithin } from '../settle-within';
import { JobStore } from './job-store';
import { LocalWakeups } from './local-wakeups';

export interface InProcessTimings {
  /** How often a queue is checked for jobs enqueued by other processes. */
  pollMs: number;
  /** A running job whose lease is not renewed for this long is taken back by any consumer. */
  leaseMs: number;
}

export const DEFAULT_IN_PROCESS_TIMINGS: InProcessTimings = { pollMs: 1000, leaseMs: 30_000 };

/** The floor between two empty polls, so a due but locked row cannot make the loop spin. */
const MIN_SLEEP_MS = 10;
const TRIM_EVERY_MS = 60_000;

export class InProcessConsumers extends JobConsumers {
  private readonly store: JobStore;
  /** Unique per process start, so rows locked by a previous run of this process are recognisably stale. */
  private readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

  constructor(
    dataSource: DataSource,
    private readonly wakeups: LocalWakeups,
    private readonly timings: InProcessTimings = DEFAULT_IN_PROCESS_TIMINGS,
  ) {
    super();
    this.store = new JobStore(dataSource);
  }

  async start(queue: QueueName, run: RunJob, concurrency: number): Promise<StartedConsumer> {
    const loop = new QueueLoop(queue, run, concurrency, this.store, this.wakeups, this.owner, this.timings);
    await loop.start();
    return loop;
  }
}

class QueueLoop implements StartedConsumer {
  private readonly logger: Logger;
  private readonly running = new Map<string, Promise<void>>();
  private readonly abort = new AbortController();
  private readonly timers: NodeJS.Timeout[] = [];
  private stopping = false;
  private woken = false;
  private endSleep: (() => void) | undefined;
  private loopDone: Promise<void> = Promise.resolve();
  private unsubscribe: () => void = () => {};

  constructor(
    private readonly queue: QueueName,
    private readonly run: RunJob,
    private readonly concurrency: number,
    private readonly store: JobStore,
    private readonly wakeups: LocalWakeups,
    private readonly owner: string,
    private readonly timings: InProcessTimings,
  ) {
    this.logger = new Logger(`Jobs:${queue}`);
  }

  async start(): Promise<void> {
    await this.recoverStalled();
    await this.trim();
    this.every(this.timings.leaseMs / 3, () => this.store.heartbeat([...this.running.keys()], this.owner));
    this.every(this.timings.leaseMs, () => this.recoverStalled());
    this.every(TRIM_EVERY_MS, () => this.trim());
    this.unsubscribe = this.wakeups.subscribe(this.queue, () => this.wake());
    this.loopDone = this.loop();
  }

  async stop(drainMs: number, abortGraceMs: number): Promise<void> {
    const deadline = Date.now() + drainMs;
    this.stopping = true;
    this.unsubscribe();
    this.wake();
    // The loop may be inside a claim; the job it returns is launched and drained with the others.
    await settleWithin(this.loopDone, drainMs);
    const all = () => Promise.all(this.running.values());
    if (!(await settleWithin(all(), Math.max(0, deadline - Date.now())))) {
      this.logger.warn(`${this.running.size} job(s) still running after ${drainMs} ms: aborting them`);
      this.abort.abort(new Error('shutting down'));
      if (!(await settleWithin(all(), abortGraceMs))) {
        this.logger.warn(
          `${this.running.size} job(s) ignored the abort; their lease will expire and they will run again`,
        );
      }
    }
    // Heartbeats go on while draining: a job still running must not look stalled to another process.
    for (const timer of this.timers) clearInterval(timer);
  }

  private every(ms: number, task: () => Promise<unknown>): void {
    const timer = setInterval(() => {
      task().catch((err: unknown) => this.logger.warn(`background task failed: ${errorText(err)}`));
    }, ms);
    timer.unref();
    this.timers.push(timer);
  }

  private async recoverStalled(): Promise<void> {
    const n = await this.store.recoverStalled(this.queue, this.timings.leaseMs, [...this.running.keys()]);
    if (n > 0) this.logger.warn(`${n} stalled job(s) put back in the queue`);
  }

  private trim(): Promise<void> {
    return this.store.trim(this.queue, KEEP_COMPLETED_JOBS, KEEP_FAILED_JOBS);
  }

  /** Sleeps until `ms` pass or `wake` is called; a wake that came while the loop was busy is not lost. */
  private sleep(ms: number): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        this.endSleep = undefined;
        this.woken = false;
        resolve();
      };
      const timer = setTimeout(finish, ms);
      timer.unref();
      this.endSleep = finish;
    });
  }

  /** Called on an enqueue in this process, when a job finishes, and on stop. */
  private wake(): void {
    this.woken = true;
    this.endSleep?.();
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      if (this.running.size >= this.concurrency) {
        await this.sleep(this.timings.pollMs);
        continue;
      }
      try {
        const job = await this.store.claim(this.queue, this.owner);
        if (job) {
          this.launch(job);
          continue;
        }
        const dueIn = await this.store.nextDueInMs(this.queue);
        const ms = dueIn === null ? this.timings.pollMs : Math.min(this.timings.pollMs, Math.ceil(dueIn) + 1);
        await this.sleep(Math.max(MIN_SLEEP_MS, ms));
      } catch (err) {
        // Typically the database is briefly unreachable: readiness reports it; the loop keeps trying.
        this.logger.warn(`polling failed: ${errorText(err)}`);
        await this.sleep(this.timings.pollMs);
      }
    }
  }

  private launch(job: ClaimedJob): void {
    const done = this.run(job, this.abort.signal)
      .then((outcome) => this.record(job, outcome))
      .catch((err: unknown) =>
        this.logger.error(`${job.name} ${job.id}: could not record the outcome: ${errorText(err)}`),
      )
      .finally(() => {
        this.running.delete(job.id);
        this.wake();
      });
    this.running.set(job.id, done);
  }

  private record(job: ClaimedJob, outcome: RunOutcome): Promise<void> {
    switch (outcome.kind) {
      case 'completed':
        return this.store.complete(job.id, this.owner);
      case 'retry':
        return this.store.retry(job.id, this.owner, outcome.delayMs, errorText(outcome.error));
      case 'failed':
        return this.store.fail(job.id, this.owner, errorText(outcome.error));
      case 'interrupted':
        return this.store.requeue(job.id, this.owner, 'interrupted: the process shut down during the run');
    }
  }
}
