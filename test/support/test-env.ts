import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { AppConfig, createDataSource, loadConfig, type DocqaDataSource } from '@docqa/core';

/**
 * How integration tests reach real dependencies. The suite always runs on embedded PGlite; when the
 * environment names a PostgreSQL server (`DATABASE_URL`) or Redis (`REDIS_URL`), as CI does, the same
 * tests run against those too. Each test gets its own database and Redis key prefix so files can run
 * in parallel.
 */
export const SERVER_DATABASE_URL = process.env.DATABASE_URL || undefined;
export const SERVER_REDIS_URL = process.env.REDIS_URL || undefined;

export type DatabaseMode = 'embedded' | 'server';

/** The database modes this run covers: always embedded, plus server when DATABASE_URL is set. */
export function databaseModes(): DatabaseMode[] {
  return SERVER_DATABASE_URL ? ['embedded', 'server'] : ['embedded'];
}

/** `describe` that skips, saying why in its title, when a condition is not met. */
export function describeIf(condition: boolean, reason: string): jest.Describe {
  if (condition) return describe;
  const skipped = ((name: string, fn: jest.EmptyFunction) =>
    describe.skip(`${name} [skipped: ${reason}]`, fn)) as unknown as jest.Describe;
  return skipped;
}

export const describeWithRedis = describeIf(!!SERVER_REDIS_URL, 'REDIS_URL is not set');
export const describeWithPostgres = describeIf(!!SERVER_DATABASE_URL, 'DATABASE_URL is not set');

export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

export interface TempDir {
  dir: string;
  cleanup(): Promise<void>;
}

export async function tempDataDir(): Promise<TempDir> {
  const dir = await mkdtemp(join(tmpdir(), 'docqa-test-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export interface TempDatabase {
  url: string;
  drop(): Promise<void>;
}

/** Creates a fresh database on the server named by DATABASE_URL (dropped by `drop()`). */
export async function createTempDatabase(): Promise<TempDatabase> {
  if (!SERVER_DATABASE_URL) throw new Error('createTempDatabase needs DATABASE_URL');
  const name = uniqueName('docqa_test');
  const admin = new Client({ connectionString: SERVER_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(SERVER_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new Client({ connectionString: SERVER_DATABASE_URL });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** Environment for a test app: quiet logs, a private data directory, no inherited service URLs. */
export function testEnv(overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    PORT: '0',
    WORKER_PORT: '0',
    READY_MIN_FREE_DISK_MB: '1',
    JOB_BACKOFF_MS: '50',
    ...overrides,
  };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  return env;
}

export function testConfig(overrides: Record<string, string | undefined> = {}): AppConfig {
  return loadConfig(testEnv(overrides));
}

/**
 * A private database for one test in the given mode: a temp DATA_DIR (embedded) or a fresh database on
 * the server. Returns the env overrides that select it.
 */
export async function databaseFor(
  mode: DatabaseMode,
): Promise<{ env: Record<string, string>; cleanup(): Promise<void> }> {
  const data = await tempDataDir();
  if (mode === 'embedded') return { env: { DATA_DIR: data.dir }, cleanup: data.cleanup };
  const db = await createTempDatabase();
  return {
    env: { DATA_DIR: data.dir, DATABASE_URL: db.url },
    cleanup: async () => {
      await db.drop();
      await data.cleanup();
    },
  };
}

/** A private database in `mode` with every migration run, open; `close` destroys it and deletes the database. */
export async function migratedDatabase(
  mode: DatabaseMode,
): Promise<{ dataSource: DocqaDataSource; close(): Promise<void> }> {
  const db = await databaseFor(mode);
  const dataSource = createDataSource(testConfig(db.env));
  try {
    await dataSource.initialize();
    await dataSource.runMigrations();
  } catch (err) {
    if (dataSource.isInitialized) await dataSource.destroy();
    await db.cleanup();
    throw err;
  }
  return {
    dataSource,
    close: async () => {
      await dataSource.destroy();
      await db.cleanup();
    },
  };
}
