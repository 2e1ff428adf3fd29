import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { LlmUsageEntity } from './llm-usage.entity';

export type UsageRow = Omit<LlmUsageEntity, 'id' | 'workspace'>;

/** Rows are written at most this long after their call ended... */
const FLUSH_AFTER_MS = 250;
/** ...or at once when this many are waiting. */
const FLUSH_AT_ROWS = 100;
/** Rows kept while the database is unreachable; beyond that the oldest are dropped (and logged). */
const MAX_PENDING = 10_000;

/**
 * Writes usage rows in batches behind the calls, so a call never waits for its own accounting: one insert
 * per batch instead of one per call. `flush()` writes what is waiting (reports and budget checks call it
 * first, so a process always sees its own calls), and the module flushes on shutdown.
 */
@Injectable()
export class UsageRecorder implements OnModuleDestroy {
  private readonly logger = new Logger('LlmUsage');
  private pending: UsageRow[] = [];
  private timer?: NodeJS.Timeout;
  private writing: Promise<void> = Promise.resolve();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  record(row: UsageRow): void {
    this.pending.push(row);
    if (this.pending.length > MAX_PENDING) {
      const dropped = this.pending.splice(0, this.pending.length - MAX_PENDING);
      this.logger.error({ dropped: dropped.length }, 'usage rows dropped: the database has not accepted them');
    }
    if (this.pending.length >= FLUSH_AT_ROWS) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), FLUSH_AFTER_MS).unref();
  }

  /** Writes every row recorded so far; resolves once they are stored (or logged as failed). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.writing = this.writing.then(() => this.write());
    return this.writing;
  }

  async onModuleDestroy(): Promise<void> {
    await this.flush();
  }

  private async write(): Promise<void> {
    const rows = this.pending;
    if (!rows.length) return;
    this.pending = [];
    try {
      await this.dataSource.createQueryBuilder().insert().into(LlmUsageEntity).values(rows).execute();
    } catch (err) {
      // Kept for the next flush: accounting must survive a database restart.
      this.pending = [...rows, ...this.pending];
      this.logger.error({ err, rows: rows.length }, 'usage rows could not be written; will retry');
      this.timer ??= setTimeout(() => void this.flush(), FLUSH_AFTER_MS * 8).unref();
    }
  }
}
