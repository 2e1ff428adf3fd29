import type { DataSource } from 'typeorm';
import { DocqaDataSource } from './docqa-data-source';

/**
 * Resolves when the database answers `SELECT 1` within `timeoutMs`, for readiness checks. In embedded
 * mode a dead child process fails at once, without waiting for the connection attempt.
 */
export async function pingDatabase(dataSource: DataSource, timeoutMs: number): Promise<void> {
  if (!dataSource.isInitialized) throw new Error('the database connection is closed');
  const embedded = dataSource instanceof DocqaDataSource ? dataSource.embeddedDatabase : undefined;
  if (embedded && !embedded.running) throw new Error('the embedded database process is not running');
  const answer = dataSource.query('SELECT 1');
  // After a timeout nobody awaits the query any more; its late failure must not become an unhandled rejection.
  answer.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the database did not answer within ${timeoutMs} ms`)), timeoutMs);
    timer.unref();
  });
  try {
    await Promise.race([answer, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
