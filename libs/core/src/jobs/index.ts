export { JobEntity, type JobStatus } from './job.entity';
export { JobAttemptsAbandonedError, NoJobHandlerError, UnrecoverableJobError } from './job.errors';
export { JobHandler, type JobProcessor } from './job-handler.decorator';
export { JobQueue } from './job-queue';
export {
  JobName,
  QueueName,
  QUEUE_OF,
  type EnqueuedJob,
  type FailedJob,
  type FailedJobPage,
  type FinishedJobState,
  type JobContext,
  type JobCounts,
  type JobOptions,
  type JobPayloads,
} from './job.types';
export { JobsModule, type JobsModuleOptions } from './jobs.module';
