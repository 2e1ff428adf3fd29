/** PostgreSQL's SQLSTATE for a unique constraint violation (a concurrent insert of the same key, for one). */
const UNIQUE_VIOLATION = '23505';

/** Whether a TypeORM query failed on a unique constraint: the caller usually reads the row that won instead. */
export function isUniqueViolation(err: unknown): boolean {
  return (err as { driverError?: { code?: string } } | null)?.driverError?.code === UNIQUE_VIOLATION;
}
