import { Injectable } from '@nestjs/common';
import { AuditEventType, AuditService, type RequestContextInfo, type RequestPrincipal } from '@docqa/auth';
import { JobQueue, QueueName } from '@docqa/core';
import { AdminErrorCode, AdminException } from '../admin.errors';
import type {
  CleanedJobsDto,
  CleanQueueDto,
  FailedJobPageDto,
  ListFailedJobsQueryDto,
  QueueOverviewDto,
  RetriedJobsDto,
} from './dto/admin-queues.dto';

const QUEUES = Object.values(QueueName);

function queueNamed(name: string): QueueName {
  const queue = QUEUES.find((q) => q === name);
  if (!queue) {
    throw new AdminException(AdminErrorCode.QueueNotFound, `no queue "${name}": the queues are ${QUEUES.join(', ')}`);
  }
  return queue;
}

/**
 * The job queues through core's job interface, so the same calls work on BullMQ (server mode) and on the
 * in-process driver (embedded mode). Retries and cleaning are audited with the queue as their target.
 */
@Injectable()
export class AdminQueuesService {
  constructor(
    private readonly jobs: JobQueue,
    private readonly audit: AuditService,
  ) {}

  async overview(): Promise<QueueOverviewDto> {
    const queues = await Promise.all(QUEUES.map(async (name) => ({ name, counts: await this.jobs.counts(name) })));
    return { driver: this.jobs.driver, queues };
  }

  failedJobs(name: string, query: ListFailedJobsQueryDto): Promise<FailedJobPageDto> {
    return this.jobs.failed(queueNamed(name), { offset: query.offset ?? 0, limit: query.limit ?? 50 });
  }

  async retryJob(
    actor: RequestPrincipal,
    name: string,
    jobId: string,
    context: RequestContextInfo,
  ): Promise<RetriedJobsDto> {
    const queue = queueNamed(name);
    if (!(await this.jobs.retryFailed(queue, jobId))) {
      throw new AdminException(AdminErrorCode.JobNotFound, `no failed job ${jobId} in the ${queue} queue`);
    }
    await this.record(actor, context, AuditEventType.JobsRetried, queue, { jobIds: [jobId], count: 1 });
    return { retried: 1 };
  }

  async retryAll(actor: RequestPrincipal, name: string, context: RequestContextInfo): Promise<RetriedJobsDto> {
    const queue = queueNamed(name);
    const retried = await this.jobs.retryAllFailed(queue);
    await this.record(actor, context, AuditEventType.JobsRetried, queue, { all: true, count: retried });
    return { retried };
  }

  async clean(
    actor: RequestPrincipal,
    name: string,
    body: CleanQueueDto,
    context: RequestContextInfo,
  ): Promise<CleanedJobsDto> {
    const queue = queueNamed(name);
    const cleaned = await this.jobs.clean(queue, body.state, body.olderThanSeconds * 1000);
    await this.record(actor, context, AuditEventType.JobsCleaned, queue, {
      state: body.state,
      olderThanSeconds: body.olderThanSeconds,
      count: cleaned,
    });
    return { cleaned };
  }

  private record(
    actor: RequestPrincipal,
    context: RequestContextInfo,
    type: AuditEventType,
    queue: QueueName,
    details: Record<string, unknown>,
  ): Promise<void> {
    return this.audit.record({
      type,
      actorUserId: actor.userId,
      target: { type: 'queue', id: queue },
      ip: context.ip,
      requestId: context.requestId,
      details: { driver: this.jobs.driver, ...details, ...(actor.apiKeyId ? { apiKeyId: actor.apiKeyId } : {}) },
    });
  }
}
