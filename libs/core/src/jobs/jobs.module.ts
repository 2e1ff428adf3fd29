import { DynamicModule, Module, Provider } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { BullModule, getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config';
import { BullMqConnection } from './bullmq/bullmq.connection';
import { BullMqConsumers } from './bullmq/bullmq.consumers';
import { BullMqJobQueue } from './bullmq/bullmq.job-queue';
import { DEFAULT_IN_PROCESS_TIMINGS, InProcessConsumers, InProcessTimings } from './in-process/in-process.consumers';
import { InProcessJobQueue } from './in-process/in-process.job-queue';
import { LocalWakeups } from './in-process/local-wakeups';
import { JobConsumers } from './job-consumers';
import { KEEP_COMPLETED_JOBS, KEEP_FAILED_JOBS } from './job-options';
import { JobQueue } from './job-queue';
import { JOB_RUNNER_SETTINGS, JobRunner, JobRunnerSettings } from './job-runner.service';
import { QueueName } from './job.types';

export interface JobsModuleOptions {
  /**
   * Whether this process runs the `@JobHandler` providers. The worker app passes true; the api passes
   * true only with the in-process driver, where there is no separate worker.
   */
  runProcessors: boolean;
  /** Per-queue override of JOB_CONCURRENCY. */
  concurrency?: Partial<Record<QueueName, number>>;
  /** On shutdown, how long running jobs may take to finish before their signal is aborted. Default: half of SHUTDOWN_TIMEOUT_MS. */
  drainTimeoutMs?: number;
  /** After the abort, how long jobs get to stop before being abandoned. Default: a fifth of SHUTDOWN_TIMEOUT_MS. */
  abortGraceMs?: number;
  /** Redis client name prefix, visible in CLIENT LIST. */
  connectionName?: string;
  /** In-process driver polling and lease timings. */
  inProcess?: Partial<InProcessTimings>;
}

const QUEUES = Object.values(QueueName);

function bullMqDriver(config: AppConfig, redis: NonNullable<AppConfig['redis']>, options: JobsModuleOptions) {
  const connection = new BullMqConnection(redis.url, redis.keyPrefix, options.connectionName ?? 'docqa');
  const imports = [
    BullModule.forRoot({
      connection: connection.queueOptions(),
      prefix: connection.prefix,
      defaultJobOptions: {
        removeOnComplete: { count: KEEP_COMPLETED_JOBS },
        removeOnFail: { count: KEEP_FAILED_JOBS },
      },
    }),
    BullModule.registerQueue(...QUEUES.map((name) => ({ name }))),
  ];
  const providers: Provider[] = [
    {
      provide: JobQueue,
      useFactory: (...queues: Queue[]) =>
        new BullMqJobQueue(
          new Map(QUEUES.map((name, i) => [name, queues[i]!])),
          config.jobs,
          config.ready.checkTimeoutMs,
        ),
      inject: QUEUES.map((name) => getQueueToken(name)),
    },
    { provide: JobConsumers, useFactory: () => new BullMqConsumers(connection, config.jobs.lockMs) },
  ];
  return { imports, providers };
}

function inProcessDriver(config: AppConfig, options: JobsModuleOptions) {
  const timings = { ...DEFAULT_IN_PROCESS_TIMINGS, leaseMs: config.jobs.lockMs, ...options.inProcess };
  const providers: Provider[] = [
    { provide: LocalWakeups, useFactory: () => new LocalWakeups() },
    {
      provide: JobQueue,
      useFactory: (ds: DataSource, wakeups: LocalWakeups) => new InProcessJobQueue(ds, config.jobs, wakeups),
      inject: [DataSource, LocalWakeups],
    },
    {
      provide: JobConsumers,
      useFactory: (ds: DataSource, wakeups: LocalWakeups) => new InProcessConsumers(ds, wakeups, timings),
      inject: [DataSource, LocalWakeups],
    },
  ];
  return { imports: [], providers };
}

/**
 * The job layer. Global: any module injects `JobQueue`; handlers are providers marked `@JobHandler`.
 * The driver follows the configuration: BullMQ when REDIS_URL is set, the in-process driver (which
 * needs the `DataSource` of the database module) otherwise.
 */
@Module({})
export class JobsModule {
  static forRoot(config: AppConfig, options: JobsModuleOptions): DynamicModule {
    const driver = config.redis ? bullMqDriver(config, config.redis, options) : inProcessDriver(config, options);
    const settings: JobRunnerSettings = {
      concurrency: Object.fromEntries(
        QUEUES.map((q) => [q, options.concurrency?.[q] ?? config.jobs.concurrency]),
      ) as Record<QueueName, number>,
      drainTimeoutMs: options.drainTimeoutMs ?? Math.floor(config.http.shutdownTimeoutMs / 2),
      abortGraceMs: options.abortGraceMs ?? Math.floor(config.http.shutdownTimeoutMs / 5),
    };
    return {
      module: JobsModule,
      global: true,
      imports: [DiscoveryModule, ...driver.imports],
      providers: [
        ...driver.providers,
        { provide: JOB_RUNNER_SETTINGS, useValue: settings },
        ...(options.runProcessors ? [JobRunner] : []),
      ],
      exports: [JobQueue],
    };
  }
}
