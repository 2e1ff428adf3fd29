import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface PgvectorFeatures {
  version: string;
  /** `hnsw.iterative_scan` (pgvector >= 0.8.0): a filtered HNSW search keeps scanning until it has enough rows. */
  iterativeScan: boolean;
}

/** Whether a pgvector version string (`0.8.0`) is at least `major.minor`. */
export function versionAtLeast(version: string, major: number, minor: number): boolean {
  const [a, b] = version.split('.').map((n) => Number.parseInt(n, 10));
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  return a > major || (a === major && b >= minor);
}

/**
 * What the installed pgvector can do, read once. PostgreSQL servers may run an older pgvector (>= 0.7 is
 * supported) than the one PGlite bundles; without iterative scans, filtered vector search over-fetches instead.
 */
@Injectable()
export class PgvectorFeaturesProbe {
  private readonly logger = new Logger('VectorSearch');
  private features?: Promise<PgvectorFeatures>;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  get(): Promise<PgvectorFeatures> {
    this.features ??= this.read().catch((err: unknown) => {
      this.features = undefined;
      throw err;
    });
    return this.features;
  }

  private async read(): Promise<PgvectorFeatures> {
    const [row] = (await this.dataSource.query(
      `SELECT "extversion" FROM "pg_extension" WHERE "extname" = 'vector'`,
    )) as { extversion: string }[];
    const version = row?.extversion ?? '0.0.0';
    const iterativeScan = versionAtLeast(version, 0, 8);
    if (!iterativeScan) {
      this.logger.warn(
        `pgvector ${version} has no iterative index scans (0.8.0 added them): filtered vector searches over-fetch from the HNSW index instead and may return fewer results than asked for when the filter is narrow`,
      );
    }
    return { version, iterativeScan };
  }
}
