import { MigrationInterface, QueryRunner } from 'typeorm';

/** A workspace's own limit on LLM calls per minute, set by platform admins; NULL means LLM_RATE_LIMIT_PER_MINUTE. */
export class WorkspaceLlmCallsPerMinute1795526756933 implements MigrationInterface {
  name = 'WorkspaceLlmCallsPerMinute1795526756933';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "workspaces" ADD "llm_calls_per_minute" integer`);
    await queryRunner.query(
      `ALTER TABLE "workspaces" ADD CONSTRAINT "CHK_workspaces_llm_calls_per_minute" CHECK ("llm_calls_per_minute" IS NULL OR "llm_calls_per_minute" > 0)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "workspaces" DROP CONSTRAINT "CHK_workspaces_llm_calls_per_minute"`);
    await queryRunner.query(`ALTER TABLE "workspaces" DROP COLUMN "llm_calls_per_minute"`);
  }
}
