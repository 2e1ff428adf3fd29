import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * pgvector and the base tables. `jobs` is the store of the in-process job driver (`JobEntity`).
 *
 * `down` leaves the vector extension installed: `up` only ensures it exists (it may have been created by
 * an administrator, or be used outside DocQA), dropping it needs ownership of it, and a later `up` is
 * unaffected either way.
 */
export class Init1795521416882 implements MigrationInterface {
  name = 'Init1795521416882';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS vector`);
    await queryRunner.query(
      `CREATE TABLE "jobs" (` +
        `"id" uuid NOT NULL DEFAULT gen_random_uuid(), ` +
        `"queue" character varying(64) NOT NULL, ` +
        `"name" character varying(64) NOT NULL, ` +
        `"payload" jsonb NOT NULL, ` +
        `"status" character varying(16) NOT NULL DEFAULT 'waiting', ` +
        `"attempts_made" integer NOT NULL DEFAULT '0', ` +
        `"max_attempts" integer NOT NULL, ` +
        `"backoff_ms" integer NOT NULL, ` +
        `"backoff_type" character varying(16) NOT NULL DEFAULT 'exponential', ` +
        `"run_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), ` +
        `"locked_by" character varying(128), ` +
        `"locked_at" TIMESTAMP WITH TIME ZONE, ` +
        `"last_error" text, ` +
        `"created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), ` +
        `"updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), ` +
        `"finished_at" TIMESTAMP WITH TIME ZONE, ` +
        `"dedupe_key" character varying(255), ` +
        `CONSTRAINT "CHK_jobs_status" CHECK ("status" IN ('waiting', 'active', 'completed', 'failed')), ` +
        `CONSTRAINT "PK_cf0a6c42b72fcc7f7c237def345" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_jobs_queue_dedupe_key" ON "jobs" ("queue", "dedupe_key") WHERE "dedupe_key" IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_jobs_queue_status_run_at" ON "jobs" ("queue", "status", "run_at")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_jobs_queue_status_run_at"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_jobs_queue_dedupe_key"`);
    await queryRunner.query(`DROP TABLE "jobs"`);
  }
}
