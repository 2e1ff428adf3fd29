import type { DataSource } from 'typeorm';
import { withDeadline } from '../common/with-deadline';
import { DocqaDataSource } from './docqa-data-source';

/**
 * Resolves when the database answers `SELECT 1` within `timeoutMs`, for readiness checks. In embedded
 * mode a dead child process fails at once, without waiting for the connection attempt.
 */
export async function pingDatabase(dataSource: DataSource, timeoutMs: number): Promise<void> {
  if (!dataSource.isInitialized) throw new Error('the database connection is closed');
  const embedded = dataSource instanceof DocqaDataSource ? dataSource.embeddedDatabase : undefined;
  if (embedded && !embedded.running) throw new Error('the embedded database process is not running');
  await withDeadline(dataSource.query('SELECT 1'), timeoutMs, 'the database');
}
