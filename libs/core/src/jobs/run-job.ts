import { Logger } from '@nestjs/common';
import { inSpan } from '../tracing';
import { decideRetry } from './backoff';
import { ClaimedJob, RunOutcome } from './job-consumers';
import { JobProcessor } from './job-handler.decorator';
import { JobAttemptsAbandonedError, NoJobHandlerError } from './job.errors';
import { JobContext, JobName } from './job.types';

function summary(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

/**
 * One run of a job, with the retry rules both drivers share. `onFailed` is called here, inside the run,
 * before the driver records the failure: if the process dies in between, the job is run again rather
 * than left failed without its handler having recorded it.
 */
export async function runJob(
  handler: JobProcessor | undefined,
  job: ClaimedJob,
  signal: AbortSignal,
  logger: Logger,
): Promise<RunOutcome> {
  const ctx: JobContext = {
    id: job.id,
    name: job.name,
    queue: job.queue,
    payload: job.payload as JobContext['payload'],
    attempt: job.attempt,
    maxAttempts: job.maxAttempts,
    signal,
  };
  let error: unknown;
  if (!handler) {
    error = new NoJobHandlerError(job.name);
  } else if (job.attempt > job.maxAttempts) {
    error = new JobAttemptsAbandonedError(job.attempt - 1);
  } else {
    try {
      // A span per run when tracing is on (OTEL_ENABLED): the job's queries and commands then appear under it.
      const attributes = { 'docqa.job.id': job.id, 'docqa.job.queue': job.queue, 'docqa.job.attempt': job.attempt };
      await inSpan(`job ${job.name}`, attributes, () => handler.handle(ctx));
      return { kind: 'completed' };
    } catch (err) {
      if (signal.aborted) return { kind: 'interrupted' };
      const decision = decideRetry(err, job.attempt, job.maxAttempts, job.backoffMs);
      if (decision.retry) {
        logger.warn(
          `${job.name} ${job.id}: run ${job.attempt}/${job.maxAttempts} failed, retrying in ${decision.delayMs} ms: ${summary(err)}`,
        );
        return { kind: 'retry', delayMs: decision.delayMs, error: err };
      }
      error = err;
    }
  }
  logger.error(`${job.name} ${job.id}: failed after run ${job.attempt}/${job.maxAttempts}: ${summary(error)}`);
  if (handler?.onFailed) {
    try {
      await handler.onFailed(ctx as JobContext<JobName>, error);
    } catch (err) {
      // The job is failed either way; retrying it because its failure hook failed could loop forever.
      logger.error(`${job.name} ${job.id}: onFailed threw: ${summary(err)}`);
    }
  }
  return { kind: 'failed', error };
}

/** The text stored as a job's last error: name, message and the top of the stack. */
export function errorText(err: unknown): string {
  const text = err instanceof Error ? (err.stack ?? `${err.name}: ${err.message}`) : String(err);
  return text.length > 4000 ? `${text.slice(0, 4000)}...` : text;
}
