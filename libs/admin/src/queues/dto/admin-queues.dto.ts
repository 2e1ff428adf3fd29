import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { QueueName } from '@docqa/core';

export class JobCountsDto {
  /** Due now, waiting for a worker. */
  @ApiProperty({ type: 'integer' })
  waiting: number;
  @ApiProperty({ type: 'integer' })
  active: number;
  /** Scheduled for later, retries waiting out their backoff included. */
  @ApiProperty({ type: 'integer' })
  delayed: number;
  @ApiProperty({ type: 'integer' })
  completed: number;
  @ApiProperty({ type: 'integer' })
  failed: number;
}

export class QueueStateDto {
  @ApiProperty({ enum: QueueName, enumName: 'QueueName' })
  name: QueueName;
  counts: JobCountsDto;
}

export class QueueOverviewDto {
  /** `bullmq` (Redis, server mode) or `in-process` (the database's jobs table). */
  @ApiProperty({ enum: ['bullmq', 'in-process'] })
  driver: string;
  queues: QueueStateDto[];
}

export class FailedJobDto {
  id: string;
  name: string;
  @ApiProperty({ enum: QueueName, enumName: 'QueueName' })
  queue: QueueName;
  /** The job's payload: ids only (workspace, document, collection...). */
  @ApiProperty({ type: 'object', additionalProperties: true })
  payload: unknown;
  /** The error of its last run, with the top of its stack. */
  @ApiProperty({ type: 'string', nullable: true })
  failedReason: string | null;
  @ApiProperty({ type: 'integer' })
  attemptsMade: number;
  @ApiProperty({ type: 'integer' })
  maxAttempts: number;
  createdAt: Date;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true })
  finishedAt: Date | null;
}

export class FailedJobPageDto {
  /** Most recently failed first. */
  items: FailedJobDto[];
  @ApiProperty({ type: 'integer' })
  total: number;
}

export class ListFailedJobsQueryDto {
  /** Page size, 1 to 200 (default 50). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  /** Failed jobs to skip (default 0). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(100_000)
  offset?: number;
}

export class CleanQueueDto {
  /** Which finished jobs to delete. */
  @ApiProperty({ enum: ['completed', 'failed'] })
  @IsIn(['completed', 'failed'])
  state: 'completed' | 'failed';

  /** Only jobs that finished at least this long ago (0: all of them). */
  @ApiProperty({ type: 'integer', minimum: 0, example: 86_400 })
  @IsInt()
  @Min(0)
  @Max(10 * 365 * 86_400)
  olderThanSeconds: number;
}

export class RetriedJobsDto {
  /** Failed jobs put back in the queue, each with a fresh set of runs. */
  @ApiProperty({ type: 'integer' })
  retried: number;
}

export class CleanedJobsDto {
  @ApiProperty({ type: 'integer' })
  cleaned: number;
}
