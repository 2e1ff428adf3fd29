import { DiscoveryService } from '@nestjs/core';
import { JobContext, JobName } from './job.types';

/** What a `@JobHandler` provider implements. */
export interface JobProcessor<N extends JobName = JobName> {
  /** One run of the job. Throwing schedules a retry, unless it is an `UnrecoverableJobError` or the last run. */
  handle(ctx: JobContext<N>): Promise<void>;
  /**
   * Called once, when the job has failed for good (runs used up, or an unrecoverable error), before it is
   * marked failed: the place to record the failure on the domain object (e.g. a document's status).
   */
  onFailed?(ctx: JobContext<N>, error: unknown): Promise<void> | void;
}

/** The discoverable marker; the runner finds handlers by it. */
export const JOB_HANDLER = DiscoveryService.createDecorator<JobName>();

/**
 * Marks a provider as the handler of one job name. The class must implement `JobProcessor` for that
 * name, so its context carries that job's payload type. Handlers run only in processes whose
 * `JobsModule` has `runProcessors: true`.
 */
export function JobHandler<N extends JobName>(name: N) {
  return <T extends abstract new (...args: never[]) => JobProcessor<N>>(target: T): void => {
    JOB_HANDLER(name)(target);
  };
}
