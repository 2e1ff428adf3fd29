import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { AppConfig } from '../config/app-config';
import { createDataSource } from './docqa-data-source';

const TRANSIENT_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', '57P03']);

/** A PostgreSQL server that is still starting (compose, rolling restarts) is worth waiting for; nothing else is. */
function isTransient(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return TRANSIENT_CODES.has(e?.code ?? '') || /connection timeout|timeout expired/i.test(e?.message ?? '');
}

/**
 * Opens the DataSource (the same one `ormconfig.ts` gives the migration CLI) and applies pending
 * migrations before the app starts serving: embedded mode needs no setup step, and the advisory lock
 * makes several processes starting at once on one PostgreSQL safe. `DataSource`, `@InjectDataSource()`
 * and `TypeOrmModule.forFeature()` work as usual; entities are found by the `*.entity.ts` file glob,
 * not registered by modules, so the CLI sees exactly what the app sees. Closing the app destroys the
 * DataSource, which stops the embedded database process.
 */
@Module({})
export class DatabaseModule {
  static forRoot(config: AppConfig): DynamicModule {
    const embedded = config.database.mode === 'embedded';
    return {
      module: DatabaseModule,
      global: true,
      imports: [
        TypeOrmModule.forRootAsync({
          // Only the retry policy matters here: dataSourceFactory builds the DataSource from the config.
          useFactory: () => ({
            retryAttempts: embedded ? 1 : 10,
            retryDelay: 3_000,
            toRetry: (err: unknown) => !embedded && isTransient(err),
            verboseRetryLog: true,
          }),
          dataSourceFactory: async () => {
            const dataSource = createDataSource(config);
            await dataSource.initialize();
            try {
              await dataSource.runMigrations();
            } catch (err) {
              await dataSource.destroy();
              throw err;
            }
            return dataSource;
          },
        }),
      ],
      exports: [TypeOrmModule],
    };
  }
}
