import { Logger } from '@nestjs/common';
import { Job, UnrecoverableError, WaitingError, Worker } from 'bullmq';
import { JobConsumers, RunJob, StartedConsumer } from '../job-consumers';
import { KEEP_COMPLETED_JOBS, KEEP_FAILED_JOBS } from '../job-options';
import { JobName, QueueName } from '../job.types';
import { settleWithin } from '../settle-within';
import { BullMqConnection } from './bullmq.connection';

/** Error names BullMQ gives a meaning to; a handler's error must not trigger them by accident. */
const BULLMQ_CONTROL_ERRORS = new Set([
  'UnrecoverableError',
  'DelayedError',
  'WaitingError',
  'WaitingChildrenError',
  'RateLimitError',
]);

function asPlainError(err: unknown): Error {
  if (err instanceof Error && !BULLMQ_CONTROL_ERRORS.has(err.name)) return err;
  const plain = new Error(err instanceof Error ? err.message : String(err));
  if (err instanceof Error) plain.stack = err.stack;
  return plain;
}

function backoffMsOf(job: Job): number {
  const backoff = job.opts.backoff;
  return typeof backoff === 'number' ? backoff : (backoff?.delay ?? 0);
}

/**
 * One BullMQ Worker per consumed queue. The retry decision is ours (shared with the in-process driver):
 * a final failure is rethrown as BullMQ's UnrecoverableError so BullMQ does not retry it; a retry is a
 * plain rethrow, and BullMQ's exponential backoff computes the same delay as ours (after a run abandoned
 * by a crash it waits one step less, as BullMQ counts finished runs only).
 */
export class BullMqConsumers extends JobConsumers {
  constructor(
    private readonly connection: BullMqConnection,
    /** BullMQ renews a running job's lock every half of this; a dead worker's job is stalled once it lapses. */
    private readonly lockMs: number,
  ) {
    super();
  }

  async start(queue: QueueName, run: RunJob, concurrency: number): Promise<StartedConsumer> {
    const logger = new Logger(`Jobs:${queue}`);
    const abort = new AbortController();
    const worker = new Worker(
      queue,
      async (job: Job, token?: string) => {
        const outcome = await run(
          {
            id: String(job.id),
            name: job.name as JobName,
            queue,
            payload: job.data,
            // Counts starts, so runs cut short by a crash or a stop use up attempts as in the in-process driver.
            attempt: Math.max(1, job.attemptsStarted),
            maxAttempts: job.opts.attempts ?? 1,
            backoffMs: backoffMsOf(job),
          },
          abort.signal,
        );
        switch (outcome.kind) {
          case 'completed':
            return;
          case 'retry':
            throw asPlainError(outcome.error);
          case 'failed': {
            const final = new UnrecoverableError(
              outcome.error instanceof Error ? outcome.error.message : String(outcome.error),
            );
            if (outcome.error instanceof Error) final.stack = outcome.error.stack;
            throw final;
          }
          case 'interrupted':
            // Back to the queue now rather than after the lock expires; BullMQ leaves a job alone on WaitingError.
            await job.moveToWait(token);
            throw new WaitingError();
        }
      },
      {
        connection: this.connection.workerOptions(),
        prefix: this.connection.prefix,
        concurrency,
        removeOnComplete: { count: KEEP_COMPLETED_JOBS },
        removeOnFail: { count: KEEP_FAILED_JOBS },
        // Our attempt count (attemptsStarted) bounds stalled jobs; BullMQ's own limit would fail them without onFailed.
        maxStalledCount: 1000,
        lockDuration: this.lockMs,
        // A stalled job is moved back after two checks, so it runs again within about 1.7 lock periods.
        stalledInterval: Math.max(1000, Math.floor(this.lockMs / 3)),
      },
    );
    let lastError = '';
    worker.on('error', (err: Error) => {
      if (err.message === lastError) return;
      lastError = err.message;
      logger.warn(`worker: ${err.message}`);
    });
    return {
      async stop(drainMs: number, abortGraceMs: number): Promise<void> {
        const closing = worker.close();
        if (await settleWithin(closing, drainMs)) return;
        logger.warn(`jobs still running after ${drainMs} ms: aborting them`);
        abort.abort(new Error('shutting down'));
        if (await settleWithin(closing, abortGraceMs)) return;
        logger.warn('jobs ignored the abort; their lock will expire and another worker will run them again');
        await worker.disconnect().catch(() => undefined);
      },
    };
  }
}
