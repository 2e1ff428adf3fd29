import { DataSource } from 'typeorm';
import { ClaimedJob } from '../job-consumers';
import { ResolvedJobOptions } from '../job-options';
import { FailedJob, FailedJobPage, FinishedJobState, JobCounts, JobName, QueueName } from '../job.types';

interface FailedRow {
  id: string;
  name: string;
  queue: string;
  payload: unknown;
  last_error: string | null;
  attempts_made: number;
  max_attempts: number;
  created_at: Date | string;
  finished_at: Date | string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface ClaimedRow {
  id: string;
  name: string;
  queue: string;
  payload: unknown;
  attempts_made: number;
  max_attempts: number;
  backoff_ms: number;
}

const MS = `double precision * interval '1 millisecond'`;

/**
 * The SQL of the in-process driver over the `jobs` table. Times come from the database clock (`now()`),
 * so several processes sharing one PostgreSQL agree on when a job is due. Every change to a claimed row
 * checks `locked_by`, so a process that lost its lease cannot overwrite the job's newer state.
 */
export class JobStore {
  constructor(private readonly dataSource: DataSource) {}

  private async rows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    const runner = this.dataSource.createQueryRunner();
    try {
      const result = await runner.query(sql, params, true);
      return (result.records ?? []) as T[];
    } finally {
      await runner.release();
    }
  }

  /** Returns the new job's id, or the id of the live job holding the same dedupe key. */
  async insert(queue: QueueName, name: JobName, payload: unknown, o: ResolvedJobOptions): Promise<string> {
    // The holder of a key can finish between the insert and the lookup: then the key is free, so try again.
    for (let tries = 0; tries < 5; tries++) {
      const inserted = await this.rows<{ id: string }>(
        `INSERT INTO jobs (queue, name, payload, max_attempts, backoff_ms, run_at, dedupe_key)
         VALUES ($1, $2, $3::jsonb, $4, $5, now() + $6::${MS}, $7)
         ON CONFLICT (queue, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
         RETURNING id`,
        [queue, name, JSON.stringify(payload), o.attempts, o.backoffMs, o.delayMs, o.dedupeKey],
      );
      if (inserted[0]) return inserted[0].id;
      const existing = await this.rows<{ id: string }>(`SELECT id FROM jobs WHERE queue = $1 AND dedupe_key = $2`, [
        queue,
        o.dedupeKey,
      ]);
      if (existing[0]) return existing[0].id;
    }
    throw new Error(`could not enqueue ${name}: dedupe key ${o.dedupeKey} kept changing hands`);
  }

  /** Takes the next due job of the queue for `owner`, or returns null. */
  async claim(queue: QueueName, owner: string): Promise<ClaimedJob | null> {
    const [row] = await this.rows<ClaimedRow>(
      `UPDATE jobs SET status = 'active', locked_by = $2, locked_at = now(), updated_at = now()
       WHERE id = (
         SELECT id FROM jobs
         WHERE queue = $1 AND status = 'waiting' AND run_at <= now()
         ORDER BY run_at, created_at
         LIMIT 1
         FOR UPDATE SKIP LOCKED
       ) AND status = 'waiting'
       RETURNING id, name, queue, payload, attempts_made, max_attempts, backoff_ms`,
      [queue, owner],
    );
    if (!row) return null;
    return {
      id: row.id,
      name: row.name as JobName,
      queue: row.queue as QueueName,
      payload: row.payload,
      attempt: row.attempts_made + 1,
      maxAttempts: row.max_attempts,
      backoffMs: row.backoff_ms,
    };
  }

  /** Milliseconds until the queue's next waiting job is due (0 when one is due now), or null when none waits. */
  async nextDueInMs(queue: QueueName): Promise<number | null> {
    const [row] = await this.rows<{ ms: number | string | null }>(
      `SELECT GREATEST(0, EXTRACT(EPOCH FROM (min(run_at) - now())) * 1000)::double precision AS ms
       FROM jobs WHERE queue = $1 AND status = 'waiting'`,
      [queue],
    );
    return row?.ms === null || row?.ms === undefined ? null : Number(row.ms);
  }

  async complete(id: string, owner: string): Promise<void> {
    await this.rows(
      `UPDATE jobs SET status = 'completed', attempts_made = attempts_made + 1, finished_at = now(), updated_at = now(),
         locked_by = NULL, locked_at = NULL, dedupe_key = NULL
       WHERE id = $1 AND locked_by = $2`,
      [id, owner],
    );
  }

  async retry(id: string, owner: string, delayMs: number, error: string): Promise<void> {
    await this.rows(
      `UPDATE jobs SET status = 'waiting', attempts_made = attempts_made + 1, run_at = now() + $3::${MS},
         last_error = $4, updated_at = now(), locked_by = NULL, locked_at = NULL
       WHERE id = $1 AND locked_by = $2`,
      [id, owner, delayMs, error],
    );
  }

  async fail(id: string, owner: string, error: string): Promise<void> {
    await this.rows(
      `UPDATE jobs SET status = 'failed', attempts_made = attempts_made + 1, finished_at = now(), updated_at = now(),
         last_error = $3, locked_by = NULL, locked_at = NULL, dedupe_key = NULL
       WHERE id = $1 AND locked_by = $2`,
      [id, owner, error],
    );
  }

  /** Puts a job stopped by shutdown back in the queue; the run counts, so a job that never ends cannot loop. */
  async requeue(id: string, owner: string, reason: string): Promise<void> {
    await this.rows(
      `UPDATE jobs SET status = 'waiting', attempts_made = attempts_made + 1, run_at = now(), last_error = $3,
         updated_at = now(), locked_by = NULL, locked_at = NULL
       WHERE id = $1 AND locked_by = $2`,
      [id, owner, reason],
    );
  }

  /** Renews the lease of the jobs `owner` is running. */
  async heartbeat(ids: string[], owner: string): Promise<void> {
    if (ids.length === 0) return;
    await this.rows(`UPDATE jobs SET locked_at = now() WHERE id = ANY($1::uuid[]) AND locked_by = $2`, [ids, owner]);
  }

  /**
   * Returns to the queue the jobs whose lease expired: their process died (or hung) mid-run. The run
   * counts as made, so a job that kills its process each time ends up failed instead of looping. The
   * jobs the caller is running itself are left alone, whatever their lease says.
   */
  async recoverStalled(queue: QueueName, leaseMs: number, runningIds: string[]): Promise<number> {
    const rows = await this.rows<{ id: string }>(
      `UPDATE jobs SET status = 'waiting', attempts_made = attempts_made + 1, run_at = now(),
         last_error = 'stalled: the process running it stopped renewing its lease', updated_at = now(),
         locked_by = NULL, locked_at = NULL
       WHERE queue = $1 AND status = 'active' AND (locked_at IS NULL OR locked_at < now() - $2::${MS})
         AND NOT (id = ANY($3::uuid[]))
       RETURNING id`,
      [queue, leaseMs, runningIds],
    );
    return rows.length;
  }

  async counts(queue: QueueName): Promise<JobCounts> {
    const [row] = await this.rows<Record<keyof JobCounts, number | string>>(
      `SELECT
         count(*) FILTER (WHERE status = 'waiting' AND run_at <= now()) AS waiting,
         count(*) FILTER (WHERE status = 'active') AS active,
         count(*) FILTER (WHERE status = 'waiting' AND run_at > now()) AS delayed,
         count(*) FILTER (WHERE status = 'completed') AS completed,
         count(*) FILTER (WHERE status = 'failed') AS failed
       FROM jobs WHERE queue = $1`,
      [queue],
    );
    return {
      waiting: Number(row?.waiting ?? 0),
      active: Number(row?.active ?? 0),
      delayed: Number(row?.delayed ?? 0),
      completed: Number(row?.completed ?? 0),
      failed: Number(row?.failed ?? 0),
    };
  }

  /** Deletes the oldest finished jobs beyond what the queue keeps. */
  async trim(queue: QueueName, keepCompleted: number, keepFailed: number): Promise<void> {
    for (const [status, keep] of [
      ['completed', keepCompleted],
      ['failed', keepFailed],
    ] as const) {
      await this.rows(
        `DELETE FROM jobs WHERE id IN (
           SELECT id FROM jobs WHERE queue = $1 AND status = $2 ORDER BY finished_at DESC OFFSET $3
         )`,
        [queue, status, keep],
      );
    }
  }

  async failed(queue: QueueName, offset: number, limit: number): Promise<FailedJobPage> {
    const rows = await this.rows<FailedRow>(
      `SELECT id, name, queue, payload, last_error, attempts_made, max_attempts, created_at, finished_at
       FROM jobs WHERE queue = $1 AND status = 'failed'
       ORDER BY finished_at DESC NULLS LAST, id LIMIT $2 OFFSET $3`,
      [queue, limit, offset],
    );
    const [count] = await this.rows<{ n: number | string }>(
      `SELECT count(*) AS n FROM jobs WHERE queue = $1 AND status = 'failed'`,
      [queue],
    );
    return { items: rows.map(toFailedJob), total: Number(count?.n ?? 0) };
  }

  /**
   * A failed job (one id, or every one of the queue) goes back to waiting with a fresh set of runs. Its dedupe
   * key was cleared when it failed and stays cleared: a newer job may hold that key by now.
   */
  async retryFailed(queue: QueueName, id: string | null): Promise<number> {
    if (id !== null && !UUID.test(id)) return 0;
    const rows = await this.rows<{ id: string }>(
      `UPDATE jobs SET status = 'waiting', attempts_made = 0, run_at = now(), finished_at = NULL, updated_at = now(),
         locked_by = NULL, locked_at = NULL
       WHERE queue = $1 AND status = 'failed' AND ($2::uuid IS NULL OR id = $2::uuid)
       RETURNING id`,
      [queue, id],
    );
    return rows.length;
  }

  async clean(queue: QueueName, state: FinishedJobState, olderThanMs: number): Promise<number> {
    const rows = await this.rows<{ id: string }>(
      `DELETE FROM jobs WHERE queue = $1 AND status = $2 AND finished_at < now() - $3::${MS} RETURNING id`,
      [queue, state, olderThanMs],
    );
    return rows.length;
  }

  async ping(): Promise<void> {
    await this.rows('SELECT 1');
  }
}

function toFailedJob(row: FailedRow): FailedJob {
  return {
    id: row.id,
    name: row.name,
    queue: row.queue as QueueName,
    payload: row.payload,
    failedReason: row.last_error,
    attemptsMade: row.attempts_made,
    maxAttempts: row.max_attempts,
    createdAt: new Date(row.created_at),
    finishedAt: row.finished_at === null ? null : new Date(row.finished_at),
  };
}
