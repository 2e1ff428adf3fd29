import { execFileSync } from 'node:child_process';
import { cpus, release, totalmem, type } from 'node:os';
import Redis from 'ioredis';
import { Client } from 'pg';

export interface MachineInfo {
  cpus: number;
  cpuModel?: string;
  memoryGiB: number;
  os: string;
  node: string;
  postgres?: string;
  pgvector?: string;
  redis?: string;
}

async function postgresVersions(url: string): Promise<{ postgres?: string; pgvector?: string }> {
  const pg = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await pg.connect();
    const { rows } = await pg.query(
      `SELECT current_setting('server_version') AS "postgres",
         (SELECT coalesce("installed_version", "default_version") FROM pg_available_extensions WHERE "name" = 'vector') AS "pgvector"`,
    );
    return rows[0] as { postgres?: string; pgvector?: string };
  } catch {
    return {};
  } finally {
    await pg.end().catch(() => undefined);
  }
}

async function redisVersion(url: string | undefined): Promise<string | undefined> {
  if (url) {
    const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 3000 });
    try {
      await redis.connect();
      const info = await redis.info('server');
      return /redis_version:(\S+)/.exec(info)?.[1];
    } catch {
      // fall through to the binary
    } finally {
      redis.disconnect();
    }
  }
  try {
    return /v=(\S+)/.exec(execFileSync('redis-server', ['--version'], { encoding: 'utf8' }))?.[1];
  } catch {
    return undefined;
  }
}

/** The machine the figures were measured on: CPU, memory, Node, and the PostgreSQL, pgvector and Redis in use. */
export async function machineInfo(databaseUrl?: string, redisUrl?: string): Promise<MachineInfo> {
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${type()} ${release()}`,
    node: process.version,
    ...(databaseUrl ? await postgresVersions(databaseUrl) : {}),
    redis: await redisVersion(redisUrl),
  };
}
