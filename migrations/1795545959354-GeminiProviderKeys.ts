import { MigrationInterface, QueryRunner } from 'typeorm';

/** Workspaces may store their own Gemini key, as they can for the other hosted LLM providers. */
export class GeminiProviderKeys1795545959354 implements MigrationInterface {
  name = 'GeminiProviderKeys1795545959354';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "provider_keys" DROP CONSTRAINT "CHK_provider_keys_provider"`);
    await queryRunner.query(
      `ALTER TABLE "provider_keys" ADD CONSTRAINT "CHK_provider_keys_provider" CHECK ("provider" IN ('groq', 'openai', 'anthropic', 'cohere', 'gemini', 'openai-compatible'))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "provider_keys" WHERE "provider" = 'gemini'`);
    await queryRunner.query(`ALTER TABLE "provider_keys" DROP CONSTRAINT "CHK_provider_keys_provider"`);
    await queryRunner.query(
      `ALTER TABLE "provider_keys" ADD CONSTRAINT "CHK_provider_keys_provider" CHECK ("provider" IN ('groq', 'openai', 'anthropic', 'cohere', 'openai-compatible'))`,
    );
  }
}
