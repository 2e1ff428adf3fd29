import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import {
  CurrentPrincipal,
  PlatformAdmin,
  RequestContext,
  type RequestContextInfo,
  type RequestPrincipal,
} from '@docqa/auth';
import { AdminQueuesService } from './admin-queues.service';
import {
  CleanedJobsDto,
  CleanQueueDto,
  FailedJobPageDto,
  ListFailedJobsQueryDto,
  QueueOverviewDto,
  RetriedJobsDto,
} from './dto/admin-queues.dto';

@ApiTags('admin')
@ApiBearerAuth()
@ApiSecurity('api-key')
@PlatformAdmin()
@Controller('admin/queues')
export class AdminQueuesController {
  constructor(private readonly queues: AdminQueuesService) {}

  /** Every queue with its jobs per state, and the job driver in use. */
  @Get()
  listQueues(): Promise<QueueOverviewDto> {
    return this.queues.overview();
  }

  /** The queue's failed jobs, most recently failed first, each with the error of its last run. */
  @Get(':queue/failed')
  listFailedJobs(@Param('queue') queue: string, @Query() query: ListFailedJobsQueryDto): Promise<FailedJobPageDto> {
    return this.queues.failedJobs(queue, query);
  }

  /** Puts every failed job of the queue back, each with a fresh set of runs. Audited as `jobs_retried`. */
  @Post(':queue/failed/retry')
  @HttpCode(200)
  retryAllFailedJobs(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Param('queue') queue: string,
    @RequestContext() context: RequestContextInfo,
  ): Promise<RetriedJobsDto> {
    return this.queues.retryAll(principal, queue, context);
  }

  /** Puts one failed job back with a fresh set of runs (404 when the queue has no such failed job). Audited. */
  @Post(':queue/failed/:jobId/retry')
  @HttpCode(200)
  retryFailedJob(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Param('queue') queue: string,
    @Param('jobId') jobId: string,
    @RequestContext() context: RequestContextInfo,
  ): Promise<RetriedJobsDto> {
    return this.queues.retryJob(principal, queue, jobId, context);
  }

  /** Deletes the queue's completed or failed jobs that finished at least `olderThanSeconds` ago. Audited. */
  @Post(':queue/clean')
  @HttpCode(200)
  cleanQueue(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Param('queue') queue: string,
    @Body() body: CleanQueueDto,
    @RequestContext() context: RequestContextInfo,
  ): Promise<CleanedJobsDto> {
    return this.queues.clean(principal, queue, body, context);
  }
}
