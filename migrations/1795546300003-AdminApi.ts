import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The admin API: accounts can be disabled, audit events name what they acted on (so the trail can be
 * filtered by target), and workspaces can have their own document and storage quotas.
 */
export class AdminApi1795546300003 implements MigrationInterface {
  name = 'AdminApi1795546300003';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ADD "disabled_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "audit_events" ADD "target_type" character varying(32)`);
    await queryRunner.query(`ALTER TABLE "audit_events" ADD "target_id" character varying(128)`);
    await queryRunner.query(`CREATE INDEX "IDX_audit_events_target_id_id" ON "audit_events" ("target_id", "id")`);
    await queryRunner.query(
      `CREATE TABLE "workspace_quotas" ("workspace_id" uuid NOT NULL, "max_documents" integer, "max_storage_bytes" bigint, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_workspace_quotas_max_storage_bytes" CHECK ("max_storage_bytes" IS NULL OR "max_storage_bytes" >= 0), CONSTRAINT "CHK_workspace_quotas_max_documents" CHECK ("max_documents" IS NULL OR "max_documents" >= 0), CONSTRAINT "PK_workspace_quotas" PRIMARY KEY ("workspace_id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "workspace_quotas" ADD CONSTRAINT "FK_workspace_quotas_workspace_id" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "workspace_quotas" DROP CONSTRAINT "FK_workspace_quotas_workspace_id"`);
    await queryRunner.query(`DROP TABLE "workspace_quotas"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_audit_events_target_id_id"`);
    await queryRunner.query(`ALTER TABLE "audit_events" DROP COLUMN "target_id"`);
    await queryRunner.query(`ALTER TABLE "audit_events" DROP COLUMN "target_type"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "disabled_at"`);
  }
}
