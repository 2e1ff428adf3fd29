import type { DataSource, QueryRunner } from 'typeorm';

/** The advisory-lock key every DocQA process takes around migrations ("docq" in ASCII). */
export const MIGRATION_LOCK_KEY = 0x646f6371;

/**
 * Runs `work` while holding a session advisory lock on its own connection, so processes starting at
 * once against one PostgreSQL migrate one after the other: the later ones find nothing pending. The
 * work gets that connection, which matters in embedded mode where the pool has only one.
 */
export async function withMigrationLock<T>(
  dataSource: DataSource,
  work: (queryRunner: QueryRunner) => Promise<T>,
): Promise<T> {
  const queryRunner = dataSource.createQueryRunner('master');
  try {
    await queryRunner.connect();
    await queryRunner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      return await work(queryRunner);
    } finally {
      // A broken connection has dropped the lock already; its error must not hide the one from `work`.
      await queryRunner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    }
  } finally {
    await queryRunner.release();
  }
}
