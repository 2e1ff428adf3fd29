import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { JobConsumers, StartedConsumer } from './job-consumers';
import { JOB_HANDLER, JobProcessor } from './job-handler.decorator';
import { JobName, QUEUE_OF, QueueName } from './job.types';
import { runJob } from './run-job';

export const JOB_RUNNER_SETTINGS = Symbol('JOB_RUNNER_SETTINGS');

export interface JobRunnerSettings {
  concurrency: Record<QueueName, number>;
  drainTimeoutMs: number;
  abortGraceMs: number;
}

/**
 * Runs the `@JobHandler` providers of this process. It starts once every module is initialised (so
 * migrations have run) and consumes only the queues it has handlers for; on shutdown it stops taking
 * jobs and drains the running ones before the database and Redis close.
 */
@Injectable()
export class JobRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Jobs');
  private readonly started: StartedConsumer[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly consumers: JobConsumers,
    @Inject(JOB_RUNNER_SETTINGS) private readonly settings: JobRunnerSettings,
  ) {}

  /** The handler of each job name, from the providers marked with `@JobHandler`. */
  private discoverHandlers(): Map<JobName, JobProcessor> {
    const handlers = new Map<JobName, JobProcessor>();
    for (const wrapper of this.discovery.getProviders({ metadataKey: JOB_HANDLER.KEY })) {
      const name = this.discovery.getMetadataByDecorator(JOB_HANDLER, wrapper);
      if (!name) continue;
      if (!wrapper.isDependencyTreeStatic() || !wrapper.instance) {
        throw new Error(`@JobHandler('${name}') ${wrapper.name}: job handlers must be singleton providers`);
      }
      const existing = handlers.get(name);
      if (existing) {
        throw new Error(`@JobHandler('${name}') is declared twice: ${existing.constructor.name} and ${wrapper.name}`);
      }
      handlers.set(name, wrapper.instance as JobProcessor);
    }
    return handlers;
  }

  async onApplicationBootstrap(): Promise<void> {
    const handlers = this.discoverHandlers();
    for (const queue of Object.values(QueueName)) {
      const names = [...handlers.keys()].filter((name) => QUEUE_OF[name] === queue);
      if (names.length === 0) {
        this.logger.warn(
          `no @JobHandler for the ${queue} queue in this process: its jobs wait for a process that has one`,
        );
        continue;
      }
      for (const name of Object.values(JobName)) {
        if (QUEUE_OF[name] === queue && !handlers.has(name)) {
          this.logger.warn(`no @JobHandler('${name}') in this process: its jobs on the ${queue} queue will fail`);
        }
      }
      const concurrency = this.settings.concurrency[queue];
      this.started.push(
        await this.consumers.start(
          queue,
          (job, signal) => runJob(handlers.get(job.name), job, signal, this.logger),
          concurrency,
        ),
      );
      this.logger.log(`consuming ${queue} (${names.join(', ')}) with concurrency ${concurrency}`);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    const { drainTimeoutMs, abortGraceMs } = this.settings;
    await Promise.all(this.started.splice(0).map((c) => c.stop(drainTimeoutMs, abortGraceMs)));
  }
}
