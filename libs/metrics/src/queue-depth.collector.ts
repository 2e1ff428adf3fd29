import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import { Gauge } from 'prom-client';
import { JobQueue, QueueName } from '@docqa/core';

/** Fills `queue_jobs` at scrape time, so the gauge is never older than the scrape that reads it. */
@Injectable()
export class QueueDepthCollector implements OnModuleInit {
  constructor(
    private readonly queue: JobQueue,
    @InjectMetric('queue_jobs') private readonly gauge: Gauge<string>,
  ) {}

  onModuleInit(): void {
    const { queue, gauge } = this;
    // prom-client calls `collect` on every scrape; a failing backend leaves the last values in place.
    (gauge as unknown as { collect?: () => Promise<void> }).collect = async () => {
      for (const name of Object.values(QueueName)) {
        const counts = await queue.counts(name).catch(() => undefined);
        if (!counts) continue;
        for (const [state, value] of Object.entries(counts)) gauge.set({ queue: name, state }, Number(value));
      }
    };
  }
}
