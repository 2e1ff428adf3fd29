import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The keyword index behind BM25 search, kept by triggers on `chunks` so every writer (the ingestion job, a
 * re-ingest, a delete, a bulk load) keeps it exact without knowing about it:
 *
 * - `retrieval_postings`: one row per chunk and distinct lexeme of `chunks.tsv`, with the lexeme's frequency in
 *   the chunk (`tf`), the chunk's length and an `impact` (BM25's saturated term frequency with reference
 *   parameters) that orders each posting list, so a query reads the best postings of each term from the index
 *   alone instead of scoring every chunk that holds a common word.
 * - document frequencies and collection sizes as append-only deltas (`*_deltas`), folded into `*_stats` by a
 *   background compaction: an ingestion transaction only inserts rows, never updates a shared counter, so
 *   concurrent ingestions never wait on each other (or deadlock) because of search statistics.
 * - `retrieval_changes`: which collection changed in which transaction, so cached search results can be checked
 *   against the snapshot they were computed in.
 *
 * The tables have no entities: only SQL in libs/retrieval reads them.
 */
export class Retrieval1795540303544 implements MigrationInterface {
  name = 'Retrieval1795540303544';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "retrieval_postings" ("collection_id" uuid NOT NULL, "term" text NOT NULL, "impact" real NOT NULL, "tf" smallint NOT NULL, "len" integer NOT NULL, "chunk_id" uuid NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_retrieval_postings_collection_term_impact" ON "retrieval_postings" ("collection_id", "term", "impact" DESC) INCLUDE ("tf", "len", "chunk_id")`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_retrieval_postings_chunk_id" ON "retrieval_postings" ("chunk_id")`);
    await queryRunner.query(
      `CREATE TABLE "retrieval_term_stats" ("collection_id" uuid NOT NULL, "term" text NOT NULL, "df" integer NOT NULL, CONSTRAINT "PK_retrieval_term_stats" PRIMARY KEY ("collection_id", "term"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "retrieval_term_deltas" ("collection_id" uuid NOT NULL, "term" text NOT NULL, "df" integer NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_retrieval_term_deltas_collection_term" ON "retrieval_term_deltas" ("collection_id", "term")`,
    );
    await queryRunner.query(
      `CREATE TABLE "retrieval_collection_stats" ("collection_id" uuid NOT NULL, "workspace_id" uuid NOT NULL, "chunks" bigint NOT NULL, "length" bigint NOT NULL, "ref_length" real, "max_length" integer, CONSTRAINT "PK_retrieval_collection_stats" PRIMARY KEY ("collection_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "retrieval_collection_deltas" ("collection_id" uuid NOT NULL, "workspace_id" uuid NOT NULL, "chunks" integer NOT NULL, "length" bigint NOT NULL, "ref_length" real, "max_length" integer)`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_retrieval_collection_deltas_collection" ON "retrieval_collection_deltas" ("collection_id")`,
    );
    await queryRunner.query(
      `CREATE TABLE "retrieval_changes" ("collection_id" uuid, "txid" xid8 NOT NULL DEFAULT pg_current_xact_id(), "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now())`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_retrieval_changes_txid" ON "retrieval_changes" ("txid")`);
    await queryRunner.query(`CREATE INDEX "IDX_retrieval_changes_at" ON "retrieval_changes" ("at")`);

    await queryRunner.query(
      `CREATE TYPE "retrieval_chunk_terms" AS ("id" uuid, "collection_id" uuid, "workspace_id" uuid, "tsv" tsvector)`,
    );
    // Adds chunks to the keyword index. The impact orders postings only (search rescores exactly); it uses
    // k1 = 1.2, b = 0.75 and the collection's mean length before this batch (the batch's own when it is the
    // first). Search reads back the smallest reference length used and the longest chunk (`max_length`, never
    // lowered by deletes) to bound what the unread part of a posting list can add to a score.
    await queryRunner.query(`
CREATE FUNCTION "retrieval_index_add"("rows" "retrieval_chunk_terms"[]) RETURNS void LANGUAGE sql AS $fn$
  WITH "terms" AS MATERIALIZED (
    SELECT r."id", r."collection_id", t."lexeme", cardinality(t."positions") AS "tf"
    FROM unnest("rows") r, unnest(r."tsv") t
  ), "lengths" AS MATERIALIZED (
    SELECT "id", sum("tf")::integer AS "len" FROM "terms" GROUP BY "id"
  ), "batch" AS MATERIALIZED (
    SELECT r."collection_id", r."workspace_id", count(*)::integer AS "chunks", coalesce(sum(l."len"), 0)::bigint AS "length",
      coalesce(max(l."len"), 0) AS "max_length"
    FROM unnest("rows") r LEFT JOIN "lengths" l ON l."id" = r."id"
    GROUP BY r."collection_id", r."workspace_id"
  ), "prior" AS (
    SELECT s."collection_id", sum(s."chunks") AS "chunks", sum(s."length") AS "length" FROM (
      SELECT "collection_id", "chunks", "length" FROM "retrieval_collection_stats"
      WHERE "collection_id" IN (SELECT "collection_id" FROM "batch")
      UNION ALL
      SELECT "collection_id", "chunks", "length" FROM "retrieval_collection_deltas"
      WHERE "collection_id" IN (SELECT "collection_id" FROM "batch")
    ) s GROUP BY s."collection_id"
  ), "refs" AS MATERIALIZED (
    SELECT b."collection_id", greatest(1.0, CASE WHEN coalesce(p."chunks", 0) > 0 THEN p."length"::float8 / p."chunks"
      WHEN b."chunks" > 0 THEN b."length"::float8 / b."chunks" ELSE 1.0 END) AS "ref_length"
    FROM "batch" b LEFT JOIN "prior" p ON p."collection_id" = b."collection_id"
  ), "postings" AS (
    INSERT INTO "retrieval_postings" ("collection_id", "term", "impact", "tf", "len", "chunk_id")
    SELECT t."collection_id", t."lexeme", (t."tf" / (t."tf" + 1.2 * (0.25 + 0.75 * l."len" / r."ref_length")))::real,
      least(t."tf", 32767), l."len", t."id"
    FROM "terms" t JOIN "lengths" l ON l."id" = t."id" JOIN "refs" r ON r."collection_id" = t."collection_id"
  ), "dfs" AS (
    INSERT INTO "retrieval_term_deltas" ("collection_id", "term", "df")
    SELECT "collection_id", "lexeme", count(*) FROM "terms" GROUP BY "collection_id", "lexeme"
  ), "sizes" AS (
    INSERT INTO "retrieval_collection_deltas" ("collection_id", "workspace_id", "chunks", "length", "ref_length", "max_length")
    SELECT b."collection_id", b."workspace_id", b."chunks", b."length", r."ref_length", b."max_length"
    FROM "batch" b JOIN "refs" r ON r."collection_id" = b."collection_id"
  )
  INSERT INTO "retrieval_changes" ("collection_id") SELECT DISTINCT "collection_id" FROM "batch"
$fn$`);
    // Removes chunks from the keyword index. A collection that no longer exists (being deleted) loses its
    // postings by collection at once and keeps no deltas: compaction drops its statistics.
    await queryRunner.query(`
CREATE FUNCTION "retrieval_index_remove"("rows" "retrieval_chunk_terms"[]) RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
  "gone" uuid[];
BEGIN
  SELECT coalesce(array_agg(DISTINCT r."collection_id"), '{}') INTO "gone" FROM unnest("rows") r
  WHERE NOT EXISTS (SELECT 1 FROM "collections" c WHERE c."id" = r."collection_id");
  IF cardinality("gone") > 0 THEN
    DELETE FROM "retrieval_postings" WHERE "collection_id" = ANY ("gone");
  END IF;
  DELETE FROM "retrieval_postings" WHERE "chunk_id" = ANY (ARRAY(
    SELECT r."id" FROM unnest("rows") r WHERE NOT (r."collection_id" = ANY ("gone"))));
  WITH "live" AS MATERIALIZED (
    SELECT * FROM unnest("rows") r WHERE NOT (r."collection_id" = ANY ("gone"))
  ), "terms" AS MATERIALIZED (
    SELECT r."id", r."collection_id", t."lexeme", cardinality(t."positions") AS "tf" FROM "live" r, unnest(r."tsv") t
  ), "lengths" AS (
    SELECT "id", sum("tf")::bigint AS "len" FROM "terms" GROUP BY "id"
  ), "dfs" AS (
    INSERT INTO "retrieval_term_deltas" ("collection_id", "term", "df")
    SELECT "collection_id", "lexeme", -count(*) FROM "terms" GROUP BY "collection_id", "lexeme"
  )
  INSERT INTO "retrieval_collection_deltas" ("collection_id", "workspace_id", "chunks", "length", "ref_length", "max_length")
  SELECT r."collection_id", r."workspace_id", -count(*), -coalesce(sum(l."len"), 0), NULL, NULL
  FROM "live" r LEFT JOIN "lengths" l ON l."id" = r."id" GROUP BY r."collection_id", r."workspace_id";
  INSERT INTO "retrieval_changes" ("collection_id") SELECT DISTINCT r."collection_id" FROM unnest("rows") r;
END
$fn$`);
    await queryRunner.query(`
CREATE FUNCTION "retrieval_chunks_inserted"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM "retrieval_index_add"(ARRAY(
    SELECT ROW(n."id", n."collection_id", n."workspace_id", n."tsv")::"retrieval_chunk_terms" FROM "retrieval_new_chunks" n));
  RETURN NULL;
END
$fn$`);
    await queryRunner.query(`
CREATE FUNCTION "retrieval_chunks_deleted"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM "retrieval_index_remove"(ARRAY(
    SELECT ROW(o."id", o."collection_id", o."workspace_id", o."tsv")::"retrieval_chunk_terms" FROM "retrieval_old_chunks" o));
  RETURN NULL;
END
$fn$`);
    // Chunks are replaced (deleted and inserted), not edited; an edit of their text or collection is still
    // indexed, one row at a time.
    await queryRunner.query(`
CREATE FUNCTION "retrieval_chunk_rewritten"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM "retrieval_index_remove"(ARRAY[ROW(OLD."id", OLD."collection_id", OLD."workspace_id", OLD."tsv")::"retrieval_chunk_terms"]);
  PERFORM "retrieval_index_add"(ARRAY[ROW(NEW."id", NEW."collection_id", NEW."workspace_id", NEW."tsv")::"retrieval_chunk_terms"]);
  RETURN NULL;
END
$fn$`);
    // Any other update (the re-index swapping vectors) changes what vector search returns: cached results go.
    await queryRunner.query(`
CREATE FUNCTION "retrieval_chunks_updated"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO "retrieval_changes" ("collection_id") VALUES (NULL);
  RETURN NULL;
END
$fn$`);
    await queryRunner.query(`
CREATE FUNCTION "retrieval_chunks_truncated"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  TRUNCATE "retrieval_postings", "retrieval_term_stats", "retrieval_term_deltas", "retrieval_collection_stats", "retrieval_collection_deltas";
  INSERT INTO "retrieval_changes" ("collection_id") VALUES (NULL);
  RETURN NULL;
END
$fn$`);
    // A document's title or metadata is part of search results and filters.
    await queryRunner.query(`
CREATE FUNCTION "retrieval_document_changed"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO "retrieval_changes" ("collection_id") VALUES (NEW."collection_id"), (OLD."collection_id");
  RETURN NULL;
END
$fn$`);
    await queryRunner.query(
      `CREATE TRIGGER "TRG_chunks_retrieval_insert" AFTER INSERT ON "chunks" REFERENCING NEW TABLE AS "retrieval_new_chunks" FOR EACH STATEMENT EXECUTE FUNCTION "retrieval_chunks_inserted"()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "TRG_chunks_retrieval_delete" AFTER DELETE ON "chunks" REFERENCING OLD TABLE AS "retrieval_old_chunks" FOR EACH STATEMENT EXECUTE FUNCTION "retrieval_chunks_deleted"()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "TRG_chunks_retrieval_rewrite" AFTER UPDATE OF "text", "collection_id", "workspace_id" ON "chunks" FOR EACH ROW WHEN (OLD."text" IS DISTINCT FROM NEW."text" OR OLD."collection_id" IS DISTINCT FROM NEW."collection_id" OR OLD."workspace_id" IS DISTINCT FROM NEW."workspace_id") EXECUTE FUNCTION "retrieval_chunk_rewritten"()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "TRG_chunks_retrieval_update" AFTER UPDATE ON "chunks" FOR EACH STATEMENT EXECUTE FUNCTION "retrieval_chunks_updated"()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "TRG_chunks_retrieval_truncate" AFTER TRUNCATE ON "chunks" FOR EACH STATEMENT EXECUTE FUNCTION "retrieval_chunks_truncated"()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "TRG_documents_retrieval_change" AFTER UPDATE OF "title", "metadata", "filename", "collection_id", "type" ON "documents" FOR EACH ROW WHEN (OLD."title" IS DISTINCT FROM NEW."title" OR OLD."metadata" IS DISTINCT FROM NEW."metadata" OR OLD."filename" IS DISTINCT FROM NEW."filename" OR OLD."collection_id" IS DISTINCT FROM NEW."collection_id" OR OLD."type" IS DISTINCT FROM NEW."type") EXECUTE FUNCTION "retrieval_document_changed"()`,
    );

    // Chunks indexed before this migration, one collection at a time.
    const collections = (await queryRunner.query(`SELECT DISTINCT "collection_id" AS "id" FROM "chunks"`)) as {
      id: string;
    }[];
    for (const { id } of collections) {
      await queryRunner.query(
        `SELECT "retrieval_index_add"(ARRAY(SELECT ROW("id", "collection_id", "workspace_id", "tsv")::"retrieval_chunk_terms" FROM "chunks" WHERE "collection_id" = $1))`,
        [id],
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "TRG_documents_retrieval_change" ON "documents"`);
    await queryRunner.query(`DROP TRIGGER "TRG_chunks_retrieval_truncate" ON "chunks"`);
    await queryRunner.query(`DROP TRIGGER "TRG_chunks_retrieval_update" ON "chunks"`);
    await queryRunner.query(`DROP TRIGGER "TRG_chunks_retrieval_rewrite" ON "chunks"`);
    await queryRunner.query(`DROP TRIGGER "TRG_chunks_retrieval_delete" ON "chunks"`);
    await queryRunner.query(`DROP TRIGGER "TRG_chunks_retrieval_insert" ON "chunks"`);
    await queryRunner.query(`DROP FUNCTION "retrieval_document_changed"()`);
    await queryRunner.query(`DROP FUNCTION "retrieval_chunks_truncated"()`);
    await queryRunner.query(`DROP FUNCTION "retrieval_chunks_updated"()`);
    await queryRunner.query(`DROP FUNCTION "retrieval_chunk_rewritten"()`);
    await queryRunner.query(`DROP FUNCTION "retrieval_chunks_deleted"()`);
    await queryRunner.query(`DROP FUNCTION "retrieval_chunks_inserted"()`);
    await queryRunner.query(`DROP FUNCTION "retrieval_index_remove"("retrieval_chunk_terms"[])`);
    await queryRunner.query(`DROP FUNCTION "retrieval_index_add"("retrieval_chunk_terms"[])`);
    await queryRunner.query(`DROP TYPE "retrieval_chunk_terms"`);
    await queryRunner.query(`DROP TABLE "retrieval_changes"`);
    await queryRunner.query(`DROP TABLE "retrieval_collection_deltas"`);
    await queryRunner.query(`DROP TABLE "retrieval_collection_stats"`);
    await queryRunner.query(`DROP TABLE "retrieval_term_deltas"`);
    await queryRunner.query(`DROP TABLE "retrieval_term_stats"`);
    await queryRunner.query(`DROP TABLE "retrieval_postings"`);
  }
}
