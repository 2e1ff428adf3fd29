export { DatabaseModule } from './database.module';
export { DocqaDataSource, createDataSource } from './docqa-data-source';
export { dataSourceOptions, type DataSourceOverrides, type PostgresOptions } from './data-source.options';
export { pingDatabase } from './ping-database';
export { withMigrationLock, MIGRATION_LOCK_KEY } from './migration-lock';
export { findSchemaDrift, type SchemaDrift } from './schema-drift';
export { ENTITY_GLOBS, MIGRATION_GLOBS } from './schema-paths';
export { DataDirLockedError, LOCK_FILE_NAME } from './embedded/data-dir-lock';
export {
  EmbeddedDatabaseStartError,
  EmbeddedPostgres,
  type EmbeddedPostgresOptions,
} from './embedded/embedded-postgres';
export { isUniqueViolation } from './postgres-errors';
export { migrationState, type MigrationState, type MigrationStateEntry } from './migration-state';
