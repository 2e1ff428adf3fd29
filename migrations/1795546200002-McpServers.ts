import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * External MCP servers configured per workspace (stdio commands or streamable HTTP endpoints), with their
 * header and environment values sealed by the vault and a tool allow-list.
 */
export class McpServers1795546200002 implements MigrationInterface {
  name = 'McpServers1795546200002';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "mcp_servers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspace_id" uuid NOT NULL, "name" character varying(32) NOT NULL, "transport" character varying(8) NOT NULL, "command" character varying(1024), "args" text array NOT NULL DEFAULT '{}', "url" character varying(2048), "header_names" text array NOT NULL DEFAULT '{}', "env_names" text array NOT NULL DEFAULT '{}', "sealed_secrets" text, "key_id" character varying(16), "allowed_tools" text array NOT NULL DEFAULT '{}', "timeout_ms" integer, "enabled" boolean NOT NULL DEFAULT true, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_mcp_servers_timeout_ms" CHECK ("timeout_ms" IS NULL OR ("timeout_ms" >= 100 AND "timeout_ms" <= 600000)), CONSTRAINT "CHK_mcp_servers_target" CHECK (("transport" = 'stdio' AND "command" IS NOT NULL AND "url" IS NULL) OR ("transport" = 'http' AND "url" IS NOT NULL AND "command" IS NULL)), CONSTRAINT "CHK_mcp_servers_transport" CHECK ("transport" IN ('stdio', 'http')), CONSTRAINT "PK_mcp_servers" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_mcp_servers_workspace_id_name" ON "mcp_servers" ("workspace_id", "name")`,
    );
    await queryRunner.query(
      `ALTER TABLE "mcp_servers" ADD CONSTRAINT "FK_mcp_servers_workspace_id" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "mcp_servers" DROP CONSTRAINT "FK_mcp_servers_workspace_id"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_mcp_servers_workspace_id_name"`);
    await queryRunner.query(`DROP TABLE "mcp_servers"`);
  }
}
