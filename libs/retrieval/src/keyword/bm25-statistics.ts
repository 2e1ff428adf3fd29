import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '@docqa/core';

/** Advisory-lock key of compaction ("bm25" in ASCII): one compactor at a time across all processes. */
const COMPACTION_LOCK_KEY = 0x626d3235;
/** How often the api folds statistics deltas when there are some. */
const COMPACT_EVERY_MS = 10_000;
/** Result-cache change records are kept this much longer than cached results live. */
const CHANGE_LOG_MARGIN_SECONDS = 60;

export interface CompactionResult {
  /** False when another process was compacting (nothing was done here). */
  ran: boolean;
  termDeltas: number;
  collectionDeltas: number;
}

/**
 * The BM25 statistics (document frequencies, collection sizes and lengths) are kept exact by the triggers on
 * `chunks` as append-only deltas (see the Retrieval migration), which search sums with the compacted totals.
 * Compaction folds the deltas into the totals so that those sums stay short; it changes no statistic. Only the
 * compactor (under an advisory lock) writes the totals, so it never contends with ingestion, which only inserts.
 *
 * The api runs it every few seconds when deltas exist; after a bulk load, call `compact()` once before measuring
 * search latency. Statistics are correct without it.
 */
@Injectable()
export class Bm25Statistics implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Bm25Statistics');
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.compactInBackground(), COMPACT_EVERY_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Folds every committed delta into the statistics tables; returns how many delta rows were folded. */
  async compact(): Promise<CompactionResult> {
    const result = await this.dataSource.transaction(async (manager) => {
      const [lock] = (await manager.query(`SELECT pg_try_advisory_xact_lock($1) AS "locked"`, [
        COMPACTION_LOCK_KEY,
      ])) as { locked: boolean }[];
      if (!lock.locked) return { ran: false, termDeltas: 0, collectionDeltas: 0 };
      // Deleting and folding in one statement: deltas committed meanwhile are not seen, and stay for next time.
      const [terms] = (await manager.query(
        `WITH "moved" AS (DELETE FROM "retrieval_term_deltas" RETURNING "collection_id", "term", "df"),
           "folded" AS (
             INSERT INTO "retrieval_term_stats" AS "s" ("collection_id", "term", "df")
             SELECT "collection_id", "term", sum("df")::integer FROM "moved" GROUP BY "collection_id", "term"
             ON CONFLICT ("collection_id", "term") DO UPDATE SET "df" = "s"."df" + "excluded"."df"
           )
         SELECT count(*)::integer AS "n" FROM "moved"`,
      )) as { n: number }[];
      const [collections] = (await manager.query(
        `WITH "moved" AS (DELETE FROM "retrieval_collection_deltas" RETURNING *),
           "folded" AS (
             INSERT INTO "retrieval_collection_stats" AS "s"
               ("collection_id", "workspace_id", "chunks", "length", "ref_length", "max_length")
             SELECT "collection_id", (array_agg("workspace_id"))[1], sum("chunks"), sum("length"), min("ref_length"), max("max_length")
             FROM "moved" GROUP BY "collection_id"
             ON CONFLICT ("collection_id") DO UPDATE SET
               "chunks" = "s"."chunks" + "excluded"."chunks", "length" = "s"."length" + "excluded"."length",
               "ref_length" = least("s"."ref_length", "excluded"."ref_length"),
               "max_length" = greatest("s"."max_length", "excluded"."max_length")
           )
         SELECT count(*)::integer AS "n" FROM "moved"`,
      )) as { n: number }[];
      if (terms.n) await manager.query(`DELETE FROM "retrieval_term_stats" WHERE "df" <= 0`);
      // A collection that was emptied or deleted starts afresh (its next chunks set a new reference length).
      await manager.query(
        `WITH "gone" AS (
           DELETE FROM "retrieval_collection_stats" "s"
           WHERE "s"."chunks" <= 0 OR NOT EXISTS (SELECT 1 FROM "collections" "c" WHERE "c"."id" = "s"."collection_id")
           RETURNING "collection_id")
         DELETE FROM "retrieval_term_stats" WHERE "collection_id" IN (SELECT "collection_id" FROM "gone")`,
      );
      // The configurations a deleted collection's chunks were indexed with (an emptied one keeps them: a
      // configuration too many only costs a query analysis that finds nothing), and copies recorded by
      // concurrent ingestions.
      await manager.query(
        `DELETE FROM "retrieval_collection_configs" "g"
         WHERE NOT EXISTS (SELECT 1 FROM "collections" "c" WHERE "c"."id" = "g"."collection_id")
           OR EXISTS (SELECT 1 FROM "retrieval_collection_configs" "o" WHERE "o"."collection_id" = "g"."collection_id"
             AND "o"."ts_config" = "g"."ts_config" AND "o"."ctid" < "g"."ctid")`,
      );
      await manager.query(`DELETE FROM "retrieval_changes" WHERE "at" < now() - make_interval(secs => $1)`, [
        this.config.retrieval.cacheTtlSeconds + CHANGE_LOG_MARGIN_SECONDS,
      ]);
      return { ran: true, termDeltas: terms.n, collectionDeltas: collections.n };
    });
    if (result.ran && result.termDeltas) {
      // The deleted deltas would otherwise stay in the index that every search reads until autovacuum comes.
      await this.dataSource.query(`VACUUM (ANALYZE) "retrieval_term_deltas", "retrieval_collection_deltas"`);
    }
    return result;
  }

  private async compactInBackground(): Promise<void> {
    if (this.running) return;
    try {
      const [pending] = (await this.dataSource.query(
        `SELECT EXISTS (SELECT 1 FROM "retrieval_collection_deltas") OR EXISTS (SELECT 1 FROM "retrieval_term_deltas") AS "any"`,
      )) as { any: boolean }[];
      if (!pending.any) return;
      this.running = this.compact();
      await this.running;
    } catch (err) {
      this.logger.warn(`compaction of search statistics failed: ${(err as Error).message}`);
    } finally {
      this.running = undefined;
    }
  }
}
