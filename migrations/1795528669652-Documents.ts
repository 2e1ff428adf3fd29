import { MigrationInterface, QueryRunner } from 'typeorm';

const TSV_EXPRESSION = `to_tsvector('english', "text")`;

async function currentDatabase(queryRunner: QueryRunner): Promise<string> {
  const [row] = (await queryRunner.query(`SELECT current_database() AS name`)) as { name: string }[];
  return row.name;
}

/**
 * Documents, their collections and their chunks. `chunks` holds the vector and a generated tsvector in one
 * row. `embedding` has no fixed dimension, so the HNSW index is a partial expression index per dimension:
 * this migration creates the one for 384 dimensions (the default local and offline embedders); others are
 * created when a collection first uses that dimension. `typeorm_metadata` rows record the generated
 * column's expression for the current database, whatever its name.
 */
export class Documents1795528669652 implements MigrationInterface {
  name = 'Documents1795528669652';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "collections" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspace_id" uuid NOT NULL, "name" character varying(200) NOT NULL, "description" text, "embedder_id" character varying(200) NOT NULL, "embedding_dimension" integer NOT NULL, "reindex_embedder_id" character varying(200), "reindex_status" character varying(16), "reindex_progress" jsonb, "reindex_error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_collections" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "documents" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspace_id" uuid NOT NULL, "collection_id" uuid NOT NULL, "uploaded_by" uuid, "filename" character varying(512) NOT NULL, "type" character varying(16) NOT NULL, "mime_type" character varying(128) NOT NULL, "size_bytes" bigint NOT NULL, "sha256" character varying(64) NOT NULL, "storage_key" character varying(512) NOT NULL, "title" text, "metadata" jsonb NOT NULL DEFAULT '{}', "status" character varying(16) NOT NULL, "failure_reason" character varying(32), "failure_message" text, "progress" jsonb, "unit_kind" character varying(8), "unit_count" integer, "chunk_count" integer NOT NULL DEFAULT '0', "warnings" jsonb NOT NULL DEFAULT '[]', "ingested_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_documents_status" CHECK ("status" IN ('uploaded', 'parsing', 'chunking', 'embedding', 'indexing', 'ready', 'failed')), CONSTRAINT "PK_documents" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_documents_collection_id" ON "documents"  ("collection_id") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_documents_workspace_id_created_at" ON "documents"  ("workspace_id", "created_at", "id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_documents_workspace_id_sha256" ON "documents"  ("workspace_id", "sha256") `,
    );
    await queryRunner.query(
      `CREATE TABLE "chunk_parents" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "document_id" uuid NOT NULL, "workspace_id" uuid NOT NULL, "index" integer NOT NULL, "text" text NOT NULL, "token_count" integer NOT NULL, "char_start" integer NOT NULL, "char_end" integer NOT NULL, "unit_start" integer, "unit_end" integer, "sheet" character varying(256), "heading_path" text array NOT NULL DEFAULT '{}', CONSTRAINT "PK_chunk_parents" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_chunk_parents_document_id_index" ON "chunk_parents"  ("document_id", "index") `,
    );
    // TypeORM creates this table itself only when the entities it was given have generated columns.
    await queryRunner.query(
      `CREATE TABLE IF NOT EXISTS "typeorm_metadata" ("type" character varying NOT NULL, "database" character varying, "schema" character varying, "table" character varying, "name" character varying, "value" text)`,
    );
    await queryRunner.query(
      `INSERT INTO "typeorm_metadata"("database", "schema", "table", "type", "name", "value") VALUES ($1, $2, $3, $4, $5, $6)`,
      [await currentDatabase(queryRunner), 'public', 'chunks', 'GENERATED_COLUMN', 'tsv', TSV_EXPRESSION],
    );
    await queryRunner.query(
      `CREATE TABLE "chunks" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "document_id" uuid NOT NULL, "parent_id" uuid NOT NULL, "workspace_id" uuid NOT NULL, "collection_id" uuid NOT NULL, "index" integer NOT NULL, "text" text NOT NULL, "token_count" integer NOT NULL, "char_start" integer NOT NULL, "char_end" integer NOT NULL, "unit_start" integer, "unit_end" integer, "sheet" character varying(256), "heading_path" text array NOT NULL DEFAULT '{}', "embedder_id" character varying(200) NOT NULL, "embedding_dim" smallint NOT NULL, "embedding" vector NOT NULL, "tsv" tsvector GENERATED ALWAYS AS (to_tsvector('english', "text")) STORED NOT NULL, CONSTRAINT "PK_chunks" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_chunks_parent_id" ON "chunks"  ("parent_id") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_chunks_workspace_id_collection_id" ON "chunks"  ("workspace_id", "collection_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_chunks_document_id_index" ON "chunks"  ("document_id", "index") `,
    );
    await queryRunner.query(
      `CREATE TABLE "chunk_reindex_vectors" ("chunk_id" uuid NOT NULL, "collection_id" uuid NOT NULL, "embedder_id" character varying(200) NOT NULL, "embedding" vector NOT NULL, CONSTRAINT "PK_chunk_reindex_vectors" PRIMARY KEY ("chunk_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_chunk_reindex_vectors_collection_id" ON "chunk_reindex_vectors"  ("collection_id") `,
    );
    await queryRunner.query(`CREATE INDEX "IDX_chunks_tsv" ON "chunks" USING gin ("tsv")`);
    await queryRunner.query(
      `CREATE INDEX "IDX_chunks_embedding_384_hnsw" ON "chunks" USING hnsw (("embedding"::vector(384)) vector_cosine_ops) WHERE "embedding_dim" = 384`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_collections_workspace_id_name" ON "collections" ("workspace_id", lower("name"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "collections" ADD CONSTRAINT "FK_collections_workspace_id" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "documents" ADD CONSTRAINT "FK_documents_workspace_id" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "documents" ADD CONSTRAINT "FK_documents_collection_id" FOREIGN KEY ("collection_id") REFERENCES "collections"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "chunk_parents" ADD CONSTRAINT "FK_chunk_parents_document_id" FOREIGN KEY ("document_id") REFERENCES "documents"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "chunks" ADD CONSTRAINT "FK_chunks_document_id" FOREIGN KEY ("document_id") REFERENCES "documents"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "chunks" ADD CONSTRAINT "FK_chunks_parent_id" FOREIGN KEY ("parent_id") REFERENCES "chunk_parents"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "chunks" ADD CONSTRAINT "FK_chunks_collection_id" FOREIGN KEY ("collection_id") REFERENCES "collections"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "chunk_reindex_vectors" ADD CONSTRAINT "FK_chunk_reindex_vectors_chunk_id" FOREIGN KEY ("chunk_id") REFERENCES "chunks"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "chunk_reindex_vectors" DROP CONSTRAINT "FK_chunk_reindex_vectors_chunk_id"`);
    await queryRunner.query(`ALTER TABLE "chunks" DROP CONSTRAINT "FK_chunks_collection_id"`);
    await queryRunner.query(`ALTER TABLE "chunks" DROP CONSTRAINT "FK_chunks_parent_id"`);
    await queryRunner.query(`ALTER TABLE "chunks" DROP CONSTRAINT "FK_chunks_document_id"`);
    await queryRunner.query(`ALTER TABLE "chunk_parents" DROP CONSTRAINT "FK_chunk_parents_document_id"`);
    await queryRunner.query(`ALTER TABLE "documents" DROP CONSTRAINT "FK_documents_collection_id"`);
    await queryRunner.query(`ALTER TABLE "documents" DROP CONSTRAINT "FK_documents_workspace_id"`);
    await queryRunner.query(`ALTER TABLE "collections" DROP CONSTRAINT "FK_collections_workspace_id"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_collections_workspace_id_name"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_chunks_embedding_384_hnsw"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_chunks_tsv"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_chunk_reindex_vectors_collection_id"`);
    await queryRunner.query(`DROP TABLE "chunk_reindex_vectors"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_chunks_document_id_index"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_chunks_workspace_id_collection_id"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_chunks_parent_id"`);
    await queryRunner.query(`DROP TABLE "chunks"`);
    await queryRunner.query(
      `DELETE FROM "typeorm_metadata" WHERE "type" = $1 AND "name" = $2 AND "database" = $3 AND "schema" = $4 AND "table" = $5`,
      ['GENERATED_COLUMN', 'tsv', await currentDatabase(queryRunner), 'public', 'chunks'],
    );
    await queryRunner.query(`DROP INDEX "public"."IDX_chunk_parents_document_id_index"`);
    await queryRunner.query(`DROP TABLE "chunk_parents"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_documents_workspace_id_sha256"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_documents_workspace_id_created_at"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_documents_collection_id"`);
    await queryRunner.query(`DROP TABLE "documents"`);
    await queryRunner.query(`DROP TABLE "collections"`);
  }
}
