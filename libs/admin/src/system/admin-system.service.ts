import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig, describeConfiguration, migrationState, REDIS, runModeOf, type RedisClient } from '@docqa/core';
import type { MigrationStateDto, SystemConfigDto, SystemInfoDto } from './dto/system.dto';

/** From libs/admin/src/system the repository root is four levels up; from dist/libs/admin/src/system five. */
function appVersion(): string {
  for (const up of ['../../../..', '../../../../..']) {
    try {
      const pkg = JSON.parse(readFileSync(join(__dirname, up, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'docqa' && pkg.version) return pkg.version;
    } catch {
      // try the next candidate
    }
  }
  return 'unknown';
}

const VERSION_TIMEOUT_MS = 2_000;

function within<T>(work: Promise<T>, fallback: T): Promise<T> {
  return Promise.race([
    work.catch(() => fallback),
    new Promise<T>((resolve) => setTimeout(() => resolve(fallback), VERSION_TIMEOUT_MS).unref()),
  ]);
}

/** What this deployment runs: versions, run mode, configuration (secrets redacted) and migrations. */
@Injectable()
export class AdminSystemService {
  private readonly version = appVersion();

  constructor(
    private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: RedisClient | null,
  ) {}

  async info(): Promise<SystemInfoDto> {
    const [postgres, pgvector, redis] = await Promise.all([
      within(this.scalar(`SHOW server_version`), null),
      within(this.scalar(`SELECT extversion FROM pg_extension WHERE extname = 'vector'`), null),
      this.redis ? within(this.redisVersion(this.redis), null) : Promise.resolve(null),
    ]);
    return {
      versions: { app: this.version, node: process.version, postgres, pgvector, redis },
      runMode: runModeOf(this.config),
      environment: this.config.env,
      uptimeSeconds: Math.round(process.uptime()),
    };
  }

  configuration(): SystemConfigDto {
    return { items: describeConfiguration(this.config) ?? [] };
  }

  migrations(): Promise<MigrationStateDto> {
    return migrationState(this.dataSource);
  }

  private async scalar(sql: string): Promise<string | null> {
    const rows = (await this.dataSource.query(sql)) as Record<string, unknown>[];
    const value = rows[0] ? Object.values(rows[0])[0] : null;
    return value === null || value === undefined ? null : String(value);
  }

  private async redisVersion(redis: RedisClient): Promise<string | null> {
    const info = await redis.info('server');
    return /^redis_version:(.+)$/m.exec(info)?.[1]?.trim() ?? null;
  }
}
