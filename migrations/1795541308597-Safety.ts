import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each workspace's own safety policy (PII masking for LLM calls, logs and ingestion; prompt-injection actions).
 * A workspace without a row has the defaults, so nothing is backfilled.
 */
export class Safety1795541308597 implements MigrationInterface {
  name = 'Safety1795541308597';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "safety_policies" ("workspace_id" uuid NOT NULL, "entities" character varying(32) array NOT NULL, "min_score" double precision NOT NULL, "phone_regions" character varying(2) array NOT NULL, "llm_enabled" boolean NOT NULL, "llm_operator" character varying(16) NOT NULL, "logs_enabled" boolean NOT NULL, "ingestion_enabled" boolean NOT NULL, "ingestion_operator" character varying(16) NOT NULL, "injection_threshold" double precision NOT NULL, "injection_chunk_action" character varying(16) NOT NULL, "injection_question_action" character varying(16) NOT NULL, "locked" boolean NOT NULL DEFAULT false, "updated_by" uuid, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_safety_policies_question_action" CHECK ("injection_question_action" IN ('log', 'block')), CONSTRAINT "CHK_safety_policies_chunk_action" CHECK ("injection_chunk_action" IN ('log', 'downrank', 'block')), CONSTRAINT "CHK_safety_policies_ingestion_operator" CHECK ("ingestion_operator" IN ('mask', 'placeholder', 'hash')), CONSTRAINT "CHK_safety_policies_llm_operator" CHECK ("llm_operator" IN ('mask', 'placeholder', 'hash', 'tokenize')), CONSTRAINT "CHK_safety_policies_injection_threshold" CHECK ("injection_threshold" >= 0 AND "injection_threshold" <= 1), CONSTRAINT "CHK_safety_policies_min_score" CHECK ("min_score" >= 0 AND "min_score" <= 1), CONSTRAINT "PK_safety_policies" PRIMARY KEY ("workspace_id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "safety_policies" ADD CONSTRAINT "FK_safety_policies_workspace_id" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "safety_policies" ADD CONSTRAINT "FK_safety_policies_updated_by" FOREIGN KEY ("updated_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "safety_policies" DROP CONSTRAINT "FK_safety_policies_updated_by"`);
    await queryRunner.query(`ALTER TABLE "safety_policies" DROP CONSTRAINT "FK_safety_policies_workspace_id"`);
    await queryRunner.query(`DROP TABLE "safety_policies"`);
  }
}
