import { ApiProperty } from '@nestjs/swagger';

export class SystemVersionsDto {
  /** DocQA's version (package.json). */
  app: string;
  node: string;
  /** PostgreSQL's server version (PGlite reports the PostgreSQL it compiles). */
  @ApiProperty({ type: 'string', nullable: true })
  postgres: string | null;
  /** The pgvector extension's installed version. */
  @ApiProperty({ type: 'string', nullable: true })
  pgvector: string | null;
  /** Null without REDIS_URL (embedded mode) or when Redis does not answer. */
  @ApiProperty({ type: 'string', nullable: true })
  redis: string | null;
}

export class RunModeDto {
  @ApiProperty({ enum: ['embedded', 'server'] })
  database: string;
  @ApiProperty({ enum: ['bullmq', 'in-process'] })
  jobs: string;
  @ApiProperty({ enum: ['redis', 'memory'] })
  rateLimits: string;
}

export class SystemInfoDto {
  versions: SystemVersionsDto;
  runMode: RunModeDto;
  /** `NODE_ENV`. */
  environment: string;
  /** Seconds since this process started. */
  @ApiProperty({ type: 'integer' })
  uptimeSeconds: number;
}

export class ConfigEntryDto {
  name: string;
  /** The value in effect; `[redacted]` for a secret that is set, null when unset. URLs never show passwords. */
  @ApiProperty({
    nullable: true,
    oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }, { type: 'array', items: { type: 'string' } }],
  })
  value: string | number | boolean | string[] | null;
  /** `env`: set in the environment; `default`: the documented default; `unset`: neither. */
  @ApiProperty({ enum: ['env', 'default', 'unset'] })
  source: string;
  /** Marked secret in the configuration schema: its value is never shown. */
  secret: boolean;
  doc: string;
}

export class SystemConfigDto {
  /** Every configuration variable, in the order of the README's table. */
  items: ConfigEntryDto[];
}

export class MigrationDto {
  name: string;
  @ApiProperty({ type: 'integer' })
  timestamp: number;
}

export class MigrationStateDto {
  applied: MigrationDto[];
  /** Known to this build, not yet run on the database (startup runs them, so normally empty). */
  pending: MigrationDto[];
  /** Run on the database but unknown to this build: a newer build migrated it. */
  unknown: MigrationDto[];
}
