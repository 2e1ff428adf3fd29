import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * API keys (only a sha256 of each key is stored, beside its public id) and the workspaces' own LLM provider
 * keys (sealed with AES-256-GCM; `key_id` names the encryption key, so `vault:reencrypt` can rotate it).
 */
export class ApiKeysAndProviderKeys1795524957676 implements MigrationInterface {
  name = 'ApiKeysAndProviderKeys1795524957676';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "api_keys" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "public_id" character varying(8) NOT NULL, "secret_hash" character varying(64) NOT NULL, "name" character varying(100) NOT NULL, "scopes" text array NOT NULL, "user_id" uuid NOT NULL, "workspace_id" uuid NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "last_used_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_api_keys_scopes" CHECK ("scopes" <@ ARRAY['read', 'write', 'admin']::text[] AND cardinality("scopes") > 0), CONSTRAINT "PK_api_keys" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_api_keys_user_id" ON "api_keys"  ("user_id") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_api_keys_workspace_id_user_id" ON "api_keys"  ("workspace_id", "user_id") `,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_api_keys_public_id" ON "api_keys"  ("public_id") `);
    await queryRunner.query(
      `CREATE TABLE "provider_keys" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspace_id" uuid NOT NULL, "provider" character varying(32) NOT NULL, "sealed_key" text NOT NULL, "key_id" character varying(16) NOT NULL, "key_hint" character varying(4) NOT NULL, "base_url" character varying(2048), "updated_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_provider_keys_provider" CHECK ("provider" IN ('groq', 'openai', 'anthropic', 'cohere', 'openai-compatible')), CONSTRAINT "PK_provider_keys" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_provider_keys_workspace_id_provider" ON "provider_keys"  ("workspace_id", "provider") `,
    );
    await queryRunner.query(
      `ALTER TABLE "api_keys" ADD CONSTRAINT "FK_api_keys_user_id" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "api_keys" ADD CONSTRAINT "FK_api_keys_workspace_id" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "provider_keys" ADD CONSTRAINT "FK_provider_keys_workspace_id" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "provider_keys" DROP CONSTRAINT "FK_provider_keys_workspace_id"`);
    await queryRunner.query(`ALTER TABLE "api_keys" DROP CONSTRAINT "FK_api_keys_workspace_id"`);
    await queryRunner.query(`ALTER TABLE "api_keys" DROP CONSTRAINT "FK_api_keys_user_id"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_provider_keys_workspace_id_provider"`);
    await queryRunner.query(`DROP TABLE "provider_keys"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_api_keys_public_id"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_api_keys_workspace_id_user_id"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_api_keys_user_id"`);
    await queryRunner.query(`DROP TABLE "api_keys"`);
  }
}
