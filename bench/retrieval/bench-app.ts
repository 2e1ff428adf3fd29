import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { AppConfig, loadConfig } from '@docqa/core';
import { createScratchDatabase, deleteRedisKeys } from '../server-scratch';
import { createApiApp } from '../../apps/api/src/api-app';

export type Mode = 'embedded' | 'server';

export interface BenchAppOptions {
  mode: Mode;
  /** Server mode: the PostgreSQL server on which a fresh database is created (and dropped), and Redis. */
  databaseUrl?: string;
  redisUrl?: string;
  /** Where local transformers.js models are looked for (the deployment's MODELS_DIR). */
  modelsDir: string;
  /** Extra configuration (e.g. chunk sizes). */
  env?: Record<string, string>;
  /** Server mode: run on this database as it is, kept after the run (bench:scale's cached corpora), not a fresh one. */
  databaseUrlAsIs?: string;
}

/**
 * The real API app, built in this process as `main.ts` builds it (production settings, its own fresh
 * database), but not listening: the benchmark calls its services directly, so the figures hold the service's
 * own cost and none of HTTP's. The DataSource is the app's own (the same pool, or in embedded mode the
 * same single connection to the PGlite child process), so the raw SQL floors go through the same driver.
 */
export class BenchApp {
  private constructor(
    readonly mode: Mode,
    readonly app: NestFastifyApplication,
    readonly config: AppConfig,
    readonly dataSource: DataSource,
    private readonly cleanups: (() => Promise<void>)[],
    private readonly logTail: () => string,
  ) {}

  static async start(options: BenchAppOptions): Promise<BenchApp> {
    const cleanups: (() => Promise<void>)[] = [];
    const dataDir = mkdtempSync(join(tmpdir(), `docqa-bench-retrieval-${options.mode}-`));
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    let tail = '';
    // Warnings and errors are kept for the report when something fails; nothing is printed while timing.
    const logs = new Writable({
      write(chunk: Buffer, _enc, done) {
        tail = (tail + chunk.toString('utf8')).slice(-6000);
        done();
      },
    });
    try {
      const env: NodeJS.ProcessEnv = {
        NODE_ENV: 'production',
        JWT_SECRET: randomBytes(48).toString('base64'),
        ENCRYPTION_KEY: randomBytes(32).toString('base64'),
        DATA_DIR: dataDir,
        MODELS_DIR: options.modelsDir,
        EMBEDDING_PROVIDER: 'offline',
        LOG_LEVEL: 'warn',
        LOG_FORMAT: 'json',
        ...options.env,
      };
      if (options.mode === 'server') {
        if (!options.databaseUrl || !options.redisUrl) throw new Error('server mode needs DATABASE_URL and REDIS_URL');
        const db = options.databaseUrlAsIs
          ? { url: options.databaseUrlAsIs }
          : await createScratchDatabase(options.databaseUrl, 'bench_retrieval');
        if ('drop' in db) cleanups.push(db.drop);
        const prefix = `bench-retrieval-${randomBytes(4).toString('hex')}`;
        cleanups.push(() => deleteRedisKeys(options.redisUrl!, prefix));
        Object.assign(env, { DATABASE_URL: db.url, REDIS_URL: options.redisUrl, REDIS_KEY_PREFIX: prefix });
      }
      for (const key of ['OPENAI_API_KEY', 'OPENAI_BASE_URL', 'CO_API_KEY', 'CO_API_URL'] as const) {
        if (process.env[key]) env[key] = process.env[key];
      }
      const config = loadConfig(env);
      const app = await createApiApp(config, { logDestination: logs });
      cleanups.push(() => app.close());
      await app.init();
      const bench = new BenchApp(options.mode, app, config, app.get(DataSource), cleanups, () => tail);
      return bench;
    } catch (err) {
      if (err instanceof Error && tail) err.message += `\n--- DocQA log (tail) ---\n${tail}`;
      for (const c of cleanups.reverse()) await c().catch(() => undefined);
      throw err;
    }
  }

  /** The app's last log lines (warnings and errors). */
  logs(): string {
    return this.logTail();
  }

  async stop(): Promise<void> {
    for (const c of this.cleanups.reverse()) await c().catch((e: unknown) => console.error('cleanup:', e));
  }
}
