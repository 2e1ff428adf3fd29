import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type JobStatus = 'waiting' | 'active' | 'completed' | 'failed';

/**
 * A job of the in-process driver (the BullMQ driver keeps its jobs in Redis). The Init migration creates
 * this table; constraint and index names are explicit so `migration:generate` finds no drift.
 */
@Entity({ name: 'jobs' })
@Index('IDX_jobs_queue_status_run_at', ['queue', 'status', 'runAt'])
// A key deduplicates only while its job is live: the driver clears `dedupe_key` when the job finishes.
@Index('UQ_jobs_queue_dedupe_key', ['queue', 'dedupeKey'], { unique: true, where: '"dedupe_key" IS NOT NULL' })
@Check('CHK_jobs_status', `"status" IN ('waiting', 'active', 'completed', 'failed')`)
export class JobEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 64 })
  queue: string;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'jsonb' })
  payload: unknown;

  @Column({ type: 'varchar', length: 16, default: 'waiting' })
  status: JobStatus;

  /** Attempts that ended: by success, by failure, or abandoned (stalled or interrupted by shutdown). */
  @Column({ name: 'attempts_made', type: 'int', default: 0 })
  attemptsMade: number;

  @Column({ name: 'max_attempts', type: 'int' })
  maxAttempts: number;

  @Column({ name: 'backoff_ms', type: 'int' })
  backoffMs: number;

  @Column({ name: 'backoff_type', type: 'varchar', length: 16, default: 'exponential' })
  backoffType: string;

  @Column({ name: 'run_at', type: 'timestamptz', default: () => 'now()' })
  runAt: Date;

  @Column({ name: 'locked_by', type: 'varchar', length: 128, nullable: true })
  lockedBy: string | null;

  @Column({ name: 'locked_at', type: 'timestamptz', nullable: true })
  lockedAt: Date | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  @Column({ name: 'dedupe_key', type: 'varchar', length: 255, nullable: true })
  dedupeKey: string | null;
}
