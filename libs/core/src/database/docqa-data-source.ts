import { DataSource, Migration, MigrationExecutor } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { DataSourceOverrides, dataSourceOptions } from './data-source.options';
import { EmbeddedPostgres, EmbeddedPostgresOptions } from './embedded/embedded-postgres';
import { withMigrationLock } from './migration-lock';

type MigrationRunOptions = { transaction?: 'all' | 'none' | 'each'; fake?: boolean };

/**
 * The one DataSource of DocQA, for the app and for the migration CLI (stock TypeORM's included). In
 * embedded mode `initialize()` first starts PGlite in its child process and points the pool at it, and
 * `destroy()` stops it; in server mode it is a plain PostgreSQL DataSource. Migrations always run under
 * an advisory lock.
 */
export class DocqaDataSource extends DataSource {
  private embedded?: EmbeddedPostgres;

  constructor(
    readonly appConfig: Pick<AppConfig, 'database'>,
    readonly overrides: DataSourceOverrides = {},
    private readonly embeddedOptions: EmbeddedPostgresOptions = {},
  ) {
    super(dataSourceOptions(appConfig, overrides));
  }

  /** The embedded database process, in embedded mode. */
  get embeddedDatabase(): EmbeddedPostgres | undefined {
    return this.embedded;
  }

  /** The same DataSource (entities, migrations, overrides) on another database. */
  forDatabase(database: AppConfig['database']): DocqaDataSource {
    return new DocqaDataSource({ database }, this.overrides, this.embeddedOptions);
  }

  override async initialize(): Promise<this> {
    const db = this.appConfig.database;
    if (db.mode === 'embedded') {
      this.embedded ??= new EmbeddedPostgres(db.dataDir, this.embeddedOptions);
      const { host, port } = await this.embedded.start();
      this.setOptions({ host, port });
    }
    try {
      return await super.initialize();
    } catch (err) {
      await this.embedded?.stop();
      throw err;
    }
  }

  override async destroy(): Promise<void> {
    try {
      if (this.isInitialized) await super.destroy();
    } finally {
      await this.embedded?.stop();
    }
  }

  override runMigrations(options: MigrationRunOptions = {}): Promise<Migration[]> {
    return withMigrationLock(this, (queryRunner) => this.executor(queryRunner, options).executePendingMigrations());
  }

  override undoLastMigration(options: MigrationRunOptions = {}): Promise<void> {
    return withMigrationLock(this, (queryRunner) => this.executor(queryRunner, options).undoLastMigration());
  }

  private executor(
    queryRunner: ConstructorParameters<typeof MigrationExecutor>[1],
    options: MigrationRunOptions,
  ): MigrationExecutor {
    const executor = new MigrationExecutor(this, queryRunner);
    executor.transaction = options.transaction ?? this.options.migrationsTransactionMode ?? 'all';
    executor.fake = options.fake ?? false;
    return executor;
  }
}

export function createDataSource(
  config: Pick<AppConfig, 'database'>,
  overrides: DataSourceOverrides = {},
  embeddedOptions: EmbeddedPostgresOptions = {},
): DocqaDataSource {
  return new DocqaDataSource(config, overrides, embeddedOptions);
}
