import { MigrationInterface, QueryRunner } from 'typeorm';

async function currentDatabase(queryRunner: QueryRunner): Promise<string> {
  const [row] = (await queryRunner.query(`SELECT current_database() AS name`)) as { name: string }[];
  return row.name;
}

/**
 * The keyword index's functions (see the Retrieval migration), with `term` the SQL that names a posting's term
 * from the row `r` and the tsvector entry `t`, and `configs` an extra statement (a CTE body) run on adding.
 */
function indexFunctions(term: string, configsCte: string): { add: string; remove: string } {
  const add = `
CREATE OR REPLACE FUNCTION "retrieval_index_add"("rows" "retrieval_chunk_terms"[]) RETURNS void LANGUAGE sql AS $fn$
  WITH "terms" AS MATERIALIZED (
    SELECT r."id", r."collection_id", ${term} AS "lexeme", cardinality(t."positions") AS "tf"
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
  )${configsCte}
  INSERT INTO "retrieval_changes" ("collection_id") SELECT DISTINCT "collection_id" FROM "batch"
$fn$`;
  const remove = `
CREATE OR REPLACE FUNCTION "retrieval_index_remove"("rows" "retrieval_chunk_terms"[]) RETURNS void LANGUAGE plpgsql AS $fn$
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
    SELECT r."id", r."collection_id", ${term} AS "lexeme", cardinality(t."positions") AS "tf" FROM "live" r, unnest(r."tsv") t
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
$fn$`;
  return { add, remove };
}

/** The trigger functions that feed the keyword index, with `fields` the row fields after the tsvector. */
function triggerFunctions(extra: (alias: string) => string): string[] {
  return [
    `
CREATE OR REPLACE FUNCTION "retrieval_chunks_inserted"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM "retrieval_index_add"(ARRAY(
    SELECT ROW(n."id", n."collection_id", n."workspace_id", n."tsv"${extra('n')})::"retrieval_chunk_terms" FROM "retrieval_new_chunks" n));
  RETURN NULL;
END
$fn$`,
    `
CREATE OR REPLACE FUNCTION "retrieval_chunks_deleted"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM "retrieval_index_remove"(ARRAY(
    SELECT ROW(o."id", o."collection_id", o."workspace_id", o."tsv"${extra('o')})::"retrieval_chunk_terms" FROM "retrieval_old_chunks" o));
  RETURN NULL;
END
$fn$`,
    `
CREATE OR REPLACE FUNCTION "retrieval_chunk_rewritten"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM "retrieval_index_remove"(ARRAY[ROW(OLD."id", OLD."collection_id", OLD."workspace_id", OLD."tsv"${extra('OLD')})::"retrieval_chunk_terms"]);
  PERFORM "retrieval_index_add"(ARRAY[ROW(NEW."id", NEW."collection_id", NEW."workspace_id", NEW."tsv"${extra('NEW')})::"retrieval_chunk_terms"]);
  RETURN NULL;
END
$fn$`,
  ];
}

/**
 * Language-aware stemming. Each chunk records the text search configuration its text is analysed with
 * (`chunks.ts_config`: `english`, `german`, ..., `simple`), chosen at ingestion from the document's detected
 * language or an override; `tsv` is no longer a generated column (its expression could only name one
 * configuration) but is kept by a BEFORE trigger from `ts_config` and `text`. Existing chunks keep `english`,
 * which is what their tsvector was built with.
 *
 * In the keyword index a posting's term is the lexeme qualified by its configuration (`german haus`; lexemes
 * never hold spaces), except for `english`, whose terms stay bare, so existing postings and statistics stay
 * valid without a rewrite. A stem means something only under the stemmer that made it: the document
 * frequency of `german haus` counts German chunks only, and a query is analysed with each configuration
 * present in the searched collections (`retrieval_collection_configs`, kept by the index trigger) and scores
 * each chunk with the terms of its own configuration.
 *
 * `collections.language` is an optional override of the detection for the documents ingested into it.
 */
export class TextSearchLanguages1795546100006 implements MigrationInterface {
  name = 'TextSearchLanguages1795546100006';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "collections" ADD "language" character varying(32)`);
    await queryRunner.query(`ALTER TABLE "chunks" ADD "ts_config" character varying(32) NOT NULL DEFAULT 'english'`);
    await queryRunner.query(`ALTER TABLE "chunks" ALTER COLUMN "tsv" DROP EXPRESSION`);
    await queryRunner.query(
      `DELETE FROM "typeorm_metadata" WHERE "type" = $1 AND "name" = $2 AND "database" = $3 AND "schema" = $4 AND "table" = $5`,
      ['GENERATED_COLUMN', 'tsv', await currentDatabase(queryRunner), 'public', 'chunks'],
    );
    // Every writer (ingestion, bulk loads, a change of language) gets the tsvector its configuration makes.
    await queryRunner.query(`
CREATE FUNCTION "chunks_tsv"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  NEW."tsv" := to_tsvector(NEW."ts_config"::regconfig, NEW."text");
  RETURN NEW;
END
$fn$`);
    await queryRunner.query(
      `CREATE TRIGGER "TRG_chunks_tsv" BEFORE INSERT OR UPDATE OF "text", "ts_config" ON "chunks" FOR EACH ROW EXECUTE FUNCTION "chunks_tsv"()`,
    );

    // Without a unique key: two ingestions adding the same new configuration at once may both record it (search
    // reads distinct values, compaction removes the copies) rather than one waiting for the other to commit.
    await queryRunner.query(
      `CREATE TABLE "retrieval_collection_configs" ("collection_id" uuid NOT NULL, "ts_config" text NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_retrieval_collection_configs_collection" ON "retrieval_collection_configs" ("collection_id", "ts_config")`,
    );
    await queryRunner.query(
      `INSERT INTO "retrieval_collection_configs" ("collection_id", "ts_config")
       SELECT "collection_id", 'english' FROM "retrieval_collection_stats"
       UNION SELECT "collection_id", 'english' FROM "retrieval_collection_deltas"`,
    );
    await queryRunner.query(
      `CREATE FUNCTION "retrieval_term"("ts_config" text, "lexeme" text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
  SELECT CASE WHEN $1 = 'english' THEN $2 ELSE $1 || ' ' || $2 END
$fn$`,
    );
    await queryRunner.query(`ALTER TYPE "retrieval_chunk_terms" ADD ATTRIBUTE "ts_config" text`);
    const { add, remove } = indexFunctions(
      `"retrieval_term"(r."ts_config", t."lexeme")`,
      `, "configs" AS (
    INSERT INTO "retrieval_collection_configs" ("collection_id", "ts_config")
    SELECT DISTINCT r."collection_id", r."ts_config" FROM unnest("rows") r
    WHERE NOT EXISTS (SELECT 1 FROM "retrieval_collection_configs" g
      WHERE g."collection_id" = r."collection_id" AND g."ts_config" = r."ts_config")
  )`,
    );
    await queryRunner.query(add);
    await queryRunner.query(remove);
    for (const sql of triggerFunctions((alias) => `, ${alias}."ts_config"`)) await queryRunner.query(sql);
    await queryRunner.query(`DROP TRIGGER "TRG_chunks_retrieval_rewrite" ON "chunks"`);
    await queryRunner.query(
      `CREATE TRIGGER "TRG_chunks_retrieval_rewrite" AFTER UPDATE OF "text", "ts_config", "collection_id", "workspace_id" ON "chunks" FOR EACH ROW WHEN (OLD."text" IS DISTINCT FROM NEW."text" OR OLD."ts_config" IS DISTINCT FROM NEW."ts_config" OR OLD."collection_id" IS DISTINCT FROM NEW."collection_id" OR OLD."workspace_id" IS DISTINCT FROM NEW."workspace_id") EXECUTE FUNCTION "retrieval_chunk_rewritten"()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "TRG_chunks_retrieval_rewrite" ON "chunks"`);
    await queryRunner.query(
      `CREATE TRIGGER "TRG_chunks_retrieval_rewrite" AFTER UPDATE OF "text", "collection_id", "workspace_id" ON "chunks" FOR EACH ROW WHEN (OLD."text" IS DISTINCT FROM NEW."text" OR OLD."collection_id" IS DISTINCT FROM NEW."collection_id" OR OLD."workspace_id" IS DISTINCT FROM NEW."workspace_id") EXECUTE FUNCTION "retrieval_chunk_rewritten"()`,
    );
    for (const sql of triggerFunctions(() => '')) await queryRunner.query(sql);
    const { add, remove } = indexFunctions(`t."lexeme"`, '');
    await queryRunner.query(add);
    await queryRunner.query(remove);
    await queryRunner.query(`ALTER TYPE "retrieval_chunk_terms" DROP ATTRIBUTE "ts_config"`);
    await queryRunner.query(`DROP FUNCTION "retrieval_term"(text, text)`);
    await queryRunner.query(`DROP TABLE "retrieval_collection_configs"`);
    await queryRunner.query(`DROP TRIGGER "TRG_chunks_tsv" ON "chunks"`);
    await queryRunner.query(`DROP FUNCTION "chunks_tsv"()`);
    // Back to one configuration for every chunk: the tsvectors and the whole keyword index are rebuilt.
    await queryRunner.query(`ALTER TABLE "chunks" DROP COLUMN "tsv"`);
    await queryRunner.query(`ALTER TABLE "chunks" DROP COLUMN "ts_config"`);
    await queryRunner.query(
      `INSERT INTO "typeorm_metadata"("database", "schema", "table", "type", "name", "value") VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        await currentDatabase(queryRunner),
        'public',
        'chunks',
        'GENERATED_COLUMN',
        'tsv',
        `to_tsvector('english', "text")`,
      ],
    );
    await queryRunner.query(
      `ALTER TABLE "chunks" ADD "tsv" tsvector GENERATED ALWAYS AS (to_tsvector('english', "text")) STORED NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_chunks_tsv" ON "chunks" USING gin ("tsv")`);
    await queryRunner.query(
      `TRUNCATE "retrieval_postings", "retrieval_term_stats", "retrieval_term_deltas", "retrieval_collection_stats", "retrieval_collection_deltas"`,
    );
    const collections = (await queryRunner.query(`SELECT DISTINCT "collection_id" AS "id" FROM "chunks"`)) as {
      id: string;
    }[];
    for (const { id } of collections) {
      await queryRunner.query(
        `SELECT "retrieval_index_add"(ARRAY(SELECT ROW("id", "collection_id", "workspace_id", "tsv")::"retrieval_chunk_terms" FROM "chunks" WHERE "collection_id" = $1))`,
        [id],
      );
    }
    await queryRunner.query(`ALTER TABLE "collections" DROP COLUMN "language"`);
  }
}
