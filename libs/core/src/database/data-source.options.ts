import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { ENTITY_GLOBS, MIGRATION_GLOBS } from './schema-paths';
import { NestTypeOrmLogger } from './typeorm-logger';

export type PostgresOptions = Extract<DataSourceOptions, { type: 'postgres' }>;

/** Options a caller may change (tests add entities, the CLI changes logging); the connection is not one of them. */
export type DataSourceOverrides = Partial<Omit<PostgresOptions, 'type' | 'url' | 'host' | 'port' | 'poolSize' | 'ssl'>>;

/** The options both modes share: they run the same migrations against the same entities. */
function commonOptions(): PostgresOptions {
  return {
    type: 'postgres',
    entities: ENTITY_GLOBS,
    migrations: MIGRATION_GLOBS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'all',
    migrationsRun: false,
    synchronize: false,
    // Schema changes, extensions included, happen in migrations only.
    installExtensions: false,
    // Built into PostgreSQL >= 13 and PGlite; uuid-ossp is absent from PGlite.
    uuidExtension: 'pgcrypto',
    applicationName: 'docqa',
    connectTimeoutMS: 10_000,
    logger: new NestTypeOrmLogger(['error', 'warn', 'log', 'migration']),
  };
}

/** Longest a query waits for the embedded database's single connection before failing. */
export const EMBEDDED_CONNECTION_WAIT_MS = 120_000;

export function dataSourceOptions(
  config: Pick<AppConfig, 'database'>,
  overrides: DataSourceOverrides = {},
): PostgresOptions {
  const db = config.database;
  const connection: Partial<PostgresOptions> =
    db.mode === 'server'
      ? { url: db.url, poolSize: db.poolSize, ssl: db.ssl }
      : {
          // The port is known once the embedded server has started (DocqaDataSource.initialize).
          host: '127.0.0.1',
          port: 0,
          username: 'postgres',
          password: 'postgres',
          database: 'postgres',
          // The socket server serves one connection; an idle timeout would make the pool reconnect for nothing.
          poolSize: 1,
          // Every query waits its turn for that one connection, behind transactions that can take seconds
          // (a large document's chunks), so waiting for it must not fail like a connection attempt would.
          extra: { max: 1, idleTimeoutMillis: 0, connectionTimeoutMillis: EMBEDDED_CONNECTION_WAIT_MS },
        };
  return { ...commonOptions(), ...overrides, ...connection } as PostgresOptions;
}
