import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Evaluation: datasets of questions with reference answers, runs of a dataset over the pipeline, and each
 * run's per-question results and scores. A run keeps its results when its dataset is deleted.
 */
export class Evaluation1795546200005 implements MigrationInterface {
  name = 'Evaluation1795546200005';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "evaluation_datasets" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspace_id" uuid NOT NULL, "name" character varying(200) NOT NULL, "description" text, "item_count" integer NOT NULL, "unanswerable_count" integer NOT NULL DEFAULT 0, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_evaluation_datasets" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_evaluation_datasets_workspace_id_created_at" ON "evaluation_datasets" ("workspace_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_evaluation_datasets_workspace_id_name" ON "evaluation_datasets" ("workspace_id", lower("name"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "evaluation_dataset_items" ("dataset_id" uuid NOT NULL, "position" integer NOT NULL, "line" integer NOT NULL, "question" text NOT NULL, "ground_truth" text NOT NULL, "reference_contexts" jsonb, CONSTRAINT "PK_evaluation_dataset_items" PRIMARY KEY ("dataset_id", "position"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "evaluation_runs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspace_id" uuid NOT NULL, "dataset_id" uuid, "dataset_name" character varying(200) NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'queued', "judge_mode" character varying(16) NOT NULL, "judge" character varying(16), "options" jsonb NOT NULL, "config" jsonb, "item_count" integer NOT NULL, "items_done" integer NOT NULL DEFAULT 0, "items_failed" integer NOT NULL DEFAULT 0, "summary" jsonb, "error" text, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "started_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "CHK_evaluation_runs_judge" CHECK ("judge" IS NULL OR "judge" IN ('llm', 'offline')), CONSTRAINT "CHK_evaluation_runs_judge_mode" CHECK ("judge_mode" IN ('auto', 'llm', 'offline')), CONSTRAINT "CHK_evaluation_runs_status" CHECK ("status" IN ('queued', 'running', 'completed', 'failed')), CONSTRAINT "PK_evaluation_runs" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_evaluation_runs_dataset_id" ON "evaluation_runs" ("dataset_id") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_evaluation_runs_workspace_id_created_at" ON "evaluation_runs" ("workspace_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "evaluation_run_items" ("run_id" uuid NOT NULL, "position" integer NOT NULL, "question" text NOT NULL, "ground_truth" text NOT NULL, "reference_contexts" jsonb, "answer" text NOT NULL, "outcome" character varying(32) NOT NULL, "contexts" jsonb NOT NULL, "citations" jsonb NOT NULL, "scores" jsonb NOT NULL, "error" text, "latency_ms" integer NOT NULL, "usage" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_evaluation_run_items" PRIMARY KEY ("run_id", "position"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "evaluation_datasets" ADD CONSTRAINT "FK_evaluation_datasets_workspace_id" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "evaluation_datasets" ADD CONSTRAINT "FK_evaluation_datasets_created_by" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "evaluation_dataset_items" ADD CONSTRAINT "FK_evaluation_dataset_items_dataset_id" FOREIGN KEY ("dataset_id") REFERENCES "evaluation_datasets"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "evaluation_runs" ADD CONSTRAINT "FK_evaluation_runs_workspace_id" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "evaluation_runs" ADD CONSTRAINT "FK_evaluation_runs_dataset_id" FOREIGN KEY ("dataset_id") REFERENCES "evaluation_datasets"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "evaluation_runs" ADD CONSTRAINT "FK_evaluation_runs_created_by" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "evaluation_run_items" ADD CONSTRAINT "FK_evaluation_run_items_run_id" FOREIGN KEY ("run_id") REFERENCES "evaluation_runs"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "evaluation_run_items" DROP CONSTRAINT "FK_evaluation_run_items_run_id"`);
    await queryRunner.query(`ALTER TABLE "evaluation_runs" DROP CONSTRAINT "FK_evaluation_runs_created_by"`);
    await queryRunner.query(`ALTER TABLE "evaluation_runs" DROP CONSTRAINT "FK_evaluation_runs_dataset_id"`);
    await queryRunner.query(`ALTER TABLE "evaluation_runs" DROP CONSTRAINT "FK_evaluation_runs_workspace_id"`);
    await queryRunner.query(
      `ALTER TABLE "evaluation_dataset_items" DROP CONSTRAINT "FK_evaluation_dataset_items_dataset_id"`,
    );
    await queryRunner.query(`ALTER TABLE "evaluation_datasets" DROP CONSTRAINT "FK_evaluation_datasets_created_by"`);
    await queryRunner.query(`ALTER TABLE "evaluation_datasets" DROP CONSTRAINT "FK_evaluation_datasets_workspace_id"`);
    await queryRunner.query(`DROP TABLE "evaluation_run_items"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_evaluation_runs_workspace_id_created_at"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_evaluation_runs_dataset_id"`);
    await queryRunner.query(`DROP TABLE "evaluation_runs"`);
    await queryRunner.query(`DROP TABLE "evaluation_dataset_items"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_evaluation_datasets_workspace_id_name"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_evaluation_datasets_workspace_id_created_at"`);
    await queryRunner.query(`DROP TABLE "evaluation_datasets"`);
  }
}
