import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { AppConfig } from '../config/app-config';

export interface ScratchDatabase {
  database: AppConfig['database'];
  drop(): Promise<void>;
}

/**
 * An empty database of the same kind as `target`, for comparing migrations with entities without touching
 * anyone's data: a temporary PGlite directory, or a temporary database on the same PostgreSQL server
 * (which needs the CREATEDB privilege).
 */
export async function createScratchDatabase(target: AppConfig['database']): Promise<ScratchDatabase> {
  if (target.mode === 'embedded') {
    const dir = await mkdtemp(join(tmpdir(), 'docqa-scratch-'));
    return {
      database: { mode: 'embedded', dataDir: join(dir, 'pglite') },
      drop: () => rm(dir, { recursive: true, force: true }),
    };
  }
  const name = `docqa_scratch_${randomBytes(6).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new Client({ connectionString: target.url, ssl: target.ssl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  try {
    await admin(`CREATE DATABASE "${name}"`);
  } catch (err) {
    throw new Error(
      `could not create a scratch database on the server to compare migrations with entities (${(err as Error).message}); ` +
        'grant CREATEDB, or unset DATABASE_URL to compare on the embedded database',
      { cause: err },
    );
  }
  const url = new URL(target.url);
  url.pathname = `/${name}`;
  return {
    database: { ...target, url: url.toString(), poolSize: 2 },
    drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}
