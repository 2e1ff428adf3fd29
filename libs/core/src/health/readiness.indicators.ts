import { statfs } from 'node:fs/promises';
import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config';
import { pingDatabase } from '../database';
import { JobQueue, QueueName } from '../jobs';
import { REDIS } from '../redis';
import { withDeadline } from '../common/with-deadline';
import { ReadinessDetails, type ReadinessDetailSource } from './readiness-details';

function reason(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** One indicator per dependency that a request may need; each is bounded by READY_CHECK_TIMEOUT_MS. */
@Injectable()
export class ReadinessIndicators {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly queue: JobQueue,
    @Inject(REDIS) private readonly redis: Redis | null,
    private readonly details: ReadinessDetails,
  ) {}

  /** The checks readiness runs, in this process's configuration. */
  all(): Array<() => Promise<HealthIndicatorResult>> {
    const checks = [
      () => this.database(),
      ...Object.values(QueueName).map((queue) => () => this.queueCheck(queue)),
      () => this.disk(),
    ];
    if (this.redis) checks.push(() => this.redisCheck());
    for (const [name, source] of this.details.entries()) checks.push(() => this.detail(name, source));
    return checks;
  }

  private async database(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('database');
    try {
      await pingDatabase(this.dataSource, this.config.ready.checkTimeoutMs);
      return check.up({ mode: this.config.database.mode });
    } catch (err) {
      return check.down({ mode: this.config.database.mode, message: reason(err) });
    }
  }

  private async redisCheck(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('redis');
    try {
      await withDeadline(this.redis!.ping(), this.config.ready.checkTimeoutMs, 'redis');
      return check.up();
    } catch (err) {
      return check.down({ message: reason(err) });
    }
  }

  /** One indicator per queue, so a dashboard shows which kind of work cannot be taken. */
  private async queueCheck(queue: QueueName): Promise<HealthIndicatorResult> {
    const check = this.indicators.check(`queue:${queue}`);
    try {
      await withDeadline(this.queue.ping(queue), this.config.ready.checkTimeoutMs, `${queue} queue`);
      return check.up({ driver: this.queue.driver });
    } catch (err) {
      return check.down({ message: reason(err) });
    }
  }

  /** A stage lib's facts, always up: reading them must not fail the probe either. */
  private async detail(name: string, source: ReadinessDetailSource): Promise<HealthIndicatorResult> {
    const check = this.indicators.check(name);
    try {
      return check.up(source());
    } catch (err) {
      return check.up({ message: reason(err) });
    }
  }

  private async disk(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('disk');
    const needed = this.config.ready.minFreeDiskBytes;
    try {
      const fs = await statfs(this.config.dataDir);
      const free = fs.bavail * fs.bsize;
      const data = { path: this.config.dataDir, freeBytes: free, minFreeBytes: needed };
      return free >= needed
        ? check.up(data)
        : check.down({ ...data, message: `only ${Math.floor(free / 1048576)} MiB free in DATA_DIR` });
    } catch (err) {
      return check.down({ message: reason(err) });
    }
  }
}
