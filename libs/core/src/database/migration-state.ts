import type { DataSource } from 'typeorm';

export interface MigrationStateEntry {
  name: string;
  /** The epoch in milliseconds that orders migrations (the number in the file name). */
  timestamp: number;
}

export interface MigrationState {
  applied: MigrationStateEntry[];
  /** Migrations this build has that the database has not run; startup applies them, so normally none. */
  pending: MigrationStateEntry[];
  /** Migrations the database has run that this build does not know: it was migrated by a newer build. */
  unknown: MigrationStateEntry[];
}

function timestampOf(name: string): number {
  const match = /(\d{13})$/.exec(name);
  return match ? Number(match[1]) : 0;
}

/** The migrations this build knows, compared with the ones the database records as applied. */
export async function migrationState(dataSource: DataSource): Promise<MigrationState> {
  const table = dataSource.options.migrationsTableName ?? 'migrations';
  const rows = (await dataSource.query(`SELECT "timestamp", "name" FROM "${table}" ORDER BY "timestamp", "id"`)) as {
    timestamp: string | number;
    name: string;
  }[];
  const applied = rows.map((r) => ({ name: r.name, timestamp: Number(r.timestamp) }));
  const appliedNames = new Set(applied.map((m) => m.name));
  const known = dataSource.migrations
    .map((m) => {
      const name = m.name ?? m.constructor.name;
      return { name, timestamp: timestampOf(name) };
    })
    .sort((a, b) => a.timestamp - b.timestamp);
  const knownNames = new Set(known.map((m) => m.name));
  return {
    applied,
    pending: known.filter((m) => !appliedNames.has(m.name)),
    unknown: applied.filter((m) => !knownNames.has(m.name)),
  };
}
