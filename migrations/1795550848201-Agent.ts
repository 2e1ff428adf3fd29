import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The agent's conversations: one user's in one workspace, with a rolling summary of the turns older than its
 * memory keeps; and their messages (questions, and answers with sources, citations, verification and usage).
 */
export class Agent1795550848201 implements MigrationInterface {
  name = 'Agent1795550848201';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "conversations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspace_id" uuid NOT NULL, "user_id" uuid, "api_key_id" uuid, "title" character varying(200), "summary" text NOT NULL DEFAULT '', "summarized_turns" integer NOT NULL DEFAULT '0', "turn_count" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_conversations" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_conversations_workspace_id_user_id_updated_at" ON "conversations"  ("workspace_id", "user_id", "updated_at", "id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "conversation_messages" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "conversation_id" uuid NOT NULL, "turn" integer NOT NULL, "role" character varying(16) NOT NULL, "content" text NOT NULL, "outcome" character varying(24), "rewritten_query" text, "sources" jsonb NOT NULL DEFAULT '[]', "citations" jsonb NOT NULL DEFAULT '[]', "verification" jsonb, "usage" jsonb, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_conversation_messages_role" CHECK ("role" IN ('user', 'assistant')), CONSTRAINT "PK_conversation_messages" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_conversation_messages_conversation_id_turn_role" ON "conversation_messages"  ("conversation_id", "turn", "role") `,
    );
    await queryRunner.query(
      `ALTER TABLE "conversations" ADD CONSTRAINT "FK_conversations_workspace_id" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "conversations" ADD CONSTRAINT "FK_conversations_user_id" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "conversation_messages" ADD CONSTRAINT "FK_conversation_messages_conversation_id" FOREIGN KEY ("conversation_id") REFERENCES "conversations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "conversation_messages" DROP CONSTRAINT "FK_conversation_messages_conversation_id"`,
    );
    await queryRunner.query(`ALTER TABLE "conversations" DROP CONSTRAINT "FK_conversations_user_id"`);
    await queryRunner.query(`ALTER TABLE "conversations" DROP CONSTRAINT "FK_conversations_workspace_id"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_conversation_messages_conversation_id_turn_role"`);
    await queryRunner.query(`DROP TABLE "conversation_messages"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_conversations_workspace_id_user_id_updated_at"`);
    await queryRunner.query(`DROP TABLE "conversations"`);
  }
}
