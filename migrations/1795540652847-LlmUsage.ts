import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The LLM router's tables: one `llm_usage` row per call (workspace, user, API key, provider, model, whose key,
 * tokens, cost, latency, outcome), read by `GET /api/v1/usage` and the monthly budgets; and each workspace's
 * own LLM settings (its fallback chain, its monthly budget).
 */
export class LlmUsage1795540652847 implements MigrationInterface {
  name = 'LlmUsage1795540652847';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "workspace_llm_settings" ("workspace_id" uuid NOT NULL, "chain" text array, "monthly_budget_usd" numeric(12,2), "updated_by" uuid, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_workspace_llm_settings_monthly_budget_usd" CHECK ("monthly_budget_usd" IS NULL OR "monthly_budget_usd" >= 0), CONSTRAINT "PK_workspace_llm_settings" PRIMARY KEY ("workspace_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "llm_usage" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "workspace_id" uuid NOT NULL, "user_id" uuid, "api_key_id" uuid, "provider" character varying(32) NOT NULL, "model" character varying(200) NOT NULL, "key_source" character varying(16) NOT NULL, "outcome" character varying(16) NOT NULL, "error_code" character varying(64), "input_tokens" integer NOT NULL, "output_tokens" integer NOT NULL, "tokens_estimated" boolean NOT NULL, "cost_usd" numeric(18,8) NOT NULL, "priced" boolean NOT NULL, "latency_ms" integer NOT NULL, "time_to_first_token_ms" integer, "attempts" integer NOT NULL, "request_id" character varying(128), CONSTRAINT "CHK_llm_usage_key_source" CHECK ("key_source" IN ('workspace', 'platform', 'none')), CONSTRAINT "CHK_llm_usage_outcome" CHECK ("outcome" IN ('ok', 'interrupted', 'cancelled', 'failed')), CONSTRAINT "PK_llm_usage" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_llm_usage_workspace_id_created_at" ON "llm_usage"  ("workspace_id", "created_at") `,
    );
    await queryRunner.query(
      `ALTER TABLE "workspace_llm_settings" ADD CONSTRAINT "FK_workspace_llm_settings_workspace_id" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "llm_usage" ADD CONSTRAINT "FK_llm_usage_workspace_id" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "llm_usage" DROP CONSTRAINT "FK_llm_usage_workspace_id"`);
    await queryRunner.query(
      `ALTER TABLE "workspace_llm_settings" DROP CONSTRAINT "FK_workspace_llm_settings_workspace_id"`,
    );
    await queryRunner.query(`DROP INDEX "public"."IDX_llm_usage_workspace_id_created_at"`);
    await queryRunner.query(`DROP TABLE "llm_usage"`);
    await queryRunner.query(`DROP TABLE "workspace_llm_settings"`);
  }
}
