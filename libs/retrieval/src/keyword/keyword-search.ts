import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '@docqa/core';
import type { ParsedQuery } from '../query/query-parser';
import { documentFilterSql, type SearchScope } from '../search/search-scope';
import { SqlParams } from '../search/sql-params';
import { IMPACT_REFERENCE, idf, type Bm25Params } from './bm25';

/**
 * Postings read per term and collection. Terms with shorter lists are read whole; for longer ones (common words)
 * the best postings by impact hold the chunks they can lift into the top results. A round reading deeper (four
 * times, up to MAX_ROUNDS) happens only when filters left too few results.
 */
const FIRST_ROUND_POSTINGS = 200;
const MAX_ROUNDS = 3;
/**
 * Chunks met outside the first rescoring whose upper bound still beats the k-th exact score: up to this many are
 * scored exactly too, which proves the result exact; with more, the result is BM25's scores of the best
 * candidates (nDCG on SciFact within 0.004 of exact) and `exact: false` says so.
 */
const PENDING_LIMIT = 100;
/** Query words beyond this many per configuration (the least selective ones) are dropped: a pasted page is not a query. */
const MAX_TERMS = 64;

export interface KeywordHit {
  id: string;
  score: number;
}

export interface KeywordResult {
  hits: KeywordHit[];
  path: 'postings' | 'direct';
  /** The hits are provably BM25's top `limit` (and in order). */
  exact: boolean;
  rounds: number;
}

interface QueryTerm {
  /** The posting-list term: the lexeme qualified by its configuration (`retrieval_term`; bare for english). */
  term: string;
  /** The lexeme as chunks' tsvectors hold it. */
  lexeme: string;
  /** The text search configuration that made it: it counts only in chunks indexed with that one. */
  config: string;
  /** qtf x idf: the term's weight in the score of every chunk of its configuration. */
  weight: number;
}

/** A quoted phrase (or excluded word) as one configuration reads it; it applies to that configuration's chunks. */
interface ConfigQuery {
  config: string;
  tsquery: string;
}

interface AnalysedQuery {
  terms: QueryTerm[];
  /** Chunks and mean length over the searched collections. */
  chunks: number;
  avgLength: number;
  /** Per collection with chunks: the smallest reference length its postings were written with. */
  collections: { id: string; refLength: number; maxLength: number }[];
  phrases: ConfigQuery[];
  excluded: ConfigQuery[];
}

interface StatsRow {
  terms: [string, string, string, number, string | number][] | null;
  collections: [string, string | number, string | number, number | null, number | null][] | null;
  phrases: [string, string][] | null;
  excluded: [string, string][] | null;
}

interface RoundRow {
  hits: [string, number][] | null;
  pending: [string, number][] | null;
  unseen_bound: number | null;
}

/**
 * The keyword leg: BM25 over `chunks.tsv`, with statistics per collection (document frequencies and lengths
 * kept by triggers, see the Retrieval migration).
 *
 * Chunks are analysed in their own language (`chunks.ts_config`, see the TextSearchLanguages migration), and a
 * stem matches only what the same stemmer made, so the query is analysed with every configuration present in
 * the searched collections, each of its terms is looked up (document frequency, postings) qualified by its
 * configuration, and a chunk is scored with the terms of its own configuration only: each chunk gets the BM25
 * score an index of its language alone would give it. Detecting the query's language instead would lose
 * every chunk in the others whenever the guess is wrong, and short queries are where guesses go wrong.
 *
 * Large scopes use `retrieval_postings`, impact-ordered posting lists: a round reads the best M postings of
 * every query term from the index alone, gives every chunk met there a partial score (the exact contribution
 * of the terms it was met under) and an upper bound (plus the most the other terms' unread postings can add),
 * rescores the best partial scores exactly from their tsvector with the filters applied, then rescores every
 * other chunk whose bound still beats the k-th exact score. When the bound of what no list reached is below the
 * k-th score too, the top k is provably BM25's (`exact`). Common words with posting lists of half the corpus
 * cost M postings, not half the corpus. Small filtered sets (a few documents) are scored whole instead.
 */
@Injectable()
export class KeywordSearch {
  private readonly params: Bm25Params;
  private readonly exactScanLimit: number;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    config: AppConfig,
  ) {
    this.params = config.retrieval.bm25;
    this.exactScanLimit = config.retrieval.exactScanLimit;
  }

  async search(scope: SearchScope, query: ParsedQuery, limit: number): Promise<KeywordResult> {
    const analysed = await this.analyse(scope, query);
    if (!analysed || !analysed.terms.length) return { hits: [], path: 'postings', exact: true, rounds: 0 };
    // A small filtered set is scored whole (every chunk holding a query word): exact and cheap.
    if (scope.documentIds && scope.chunks <= this.exactScanLimit) {
      const hits = await this.scoreDirectly(scope, analysed, limit);
      return { hits, path: 'direct', exact: true, rounds: 1 };
    }
    let depth = FIRST_ROUND_POSTINGS;
    let rescore = limit + Math.max(10, Math.ceil(limit / 2));
    for (let round = 1; ; round++, depth *= 4, rescore *= 2) {
      const { hits, exact, starved } = await this.round(scope, analysed, limit, depth, rescore);
      // Deeper only when filters left fewer hits than asked while the lists had more to give.
      if (!starved || round === MAX_ROUNDS) return { hits, path: 'postings', exact, rounds: round };
    }
  }

  /** The query's lexemes with their document frequencies, and the collections' sizes, in one query. */
  private async analyse(scope: SearchScope, query: ParsedQuery): Promise<AnalysedQuery | null> {
    const ids = scope.collections.filter((c) => c.chunks > 0).map((c) => c.id);
    if (!ids.length) return null;
    const [row] = (await this.dataSource.query(
      `WITH "cfg" AS MATERIALIZED (
         SELECT DISTINCT "ts_config" FROM "retrieval_collection_configs" WHERE "collection_id" = ANY($1::uuid[])
       ), "q" AS (
         SELECT "c"."ts_config", "x"."lexeme", "retrieval_term"("c"."ts_config", "x"."lexeme") AS "term",
           coalesce(cardinality("x"."positions"), 1) AS "qtf"
         FROM "cfg" "c", unnest(to_tsvector("c"."ts_config"::regconfig, $2::text)) "x"
       ), "dfs" AS (
         SELECT "q"."ts_config", "q"."lexeme", "q"."term", "q"."qtf", coalesce((
           SELECT sum("df") FROM (
             SELECT "df" FROM "retrieval_term_stats" WHERE "collection_id" = ANY($1::uuid[]) AND "term" = "q"."term"
             UNION ALL
             SELECT "df" FROM "retrieval_term_deltas" WHERE "collection_id" = ANY($1::uuid[]) AND "term" = "q"."term"
           ) "x"), 0) AS "df"
         FROM "q"
       ), "sizes" AS (
         SELECT "collection_id", sum("chunks") AS "chunks", sum("length") AS "length", min("ref_length") AS "ref",
           max("max_length") AS "max_length" FROM (
           SELECT "collection_id", "chunks", "length", "ref_length", "max_length" FROM "retrieval_collection_stats" WHERE "collection_id" = ANY($1::uuid[])
           UNION ALL
           SELECT "collection_id", "chunks", "length", "ref_length", "max_length" FROM "retrieval_collection_deltas" WHERE "collection_id" = ANY($1::uuid[])
         ) "s" GROUP BY "collection_id"
       )
       SELECT (SELECT json_agg(json_build_array("ts_config", "lexeme", "term", "qtf", "df")) FROM "dfs") AS "terms",
         (SELECT json_agg(json_build_array("collection_id", "chunks", "length", "ref", "max_length")) FROM "sizes") AS "collections",
         (SELECT json_agg(json_build_array("c"."ts_config", "t"::text)) FROM "cfg" "c", unnest($3::text[]) "p",
            phraseto_tsquery("c"."ts_config"::regconfig, "p") "t" WHERE numnode("t") > 0) AS "phrases",
         (SELECT json_agg(json_build_array("c"."ts_config", "t"::text)) FROM "cfg" "c", unnest($4::text[]) "p",
            phraseto_tsquery("c"."ts_config"::regconfig, "p") "t" WHERE numnode("t") > 0) AS "excluded"`,
      [ids, query.scoringText, query.phrases, query.excluded],
    )) as StatsRow[];
    const collections = (row.collections ?? [])
      .map(([id, chunks, length, ref, maxLength]) => ({
        id,
        chunks: Number(chunks),
        length: Number(length),
        ref,
        maxLength: Number(maxLength ?? 0),
      }))
      .filter((c) => c.chunks > 0 && c.ref !== null);
    const chunks = collections.reduce((n, c) => n + c.chunks, 0);
    const length = collections.reduce((n, c) => n + c.length, 0);
    if (!chunks) return null;
    const perConfig = new Map<string, number>();
    const terms = (row.terms ?? [])
      .map(([config, lexeme, term, qtf, df]) => ({ config, lexeme, term, qtf: Number(qtf), df: Number(df) }))
      .filter((t) => t.df > 0)
      .map((t) => ({
        term: t.term,
        lexeme: t.lexeme,
        config: t.config,
        weight: t.qtf * idf(chunks, Math.min(t.df, chunks)),
      }))
      .sort((a, b) => b.weight - a.weight || (a.term < b.term ? -1 : 1))
      .filter((t) => {
        const n = (perConfig.get(t.config) ?? 0) + 1;
        perConfig.set(t.config, n);
        return n <= MAX_TERMS;
      });
    const configQueries = (rows: [string, string][] | null): ConfigQuery[] =>
      (rows ?? []).map(([config, tsquery]) => ({ config, tsquery }));
    return {
      terms,
      chunks,
      avgLength: length / chunks,
      collections: collections.map((c) => ({ id: c.id, refLength: Number(c.ref), maxLength: c.maxLength || 1e9 })),
      phrases: configQueries(row.phrases),
      excluded: configQueries(row.excluded),
    };
  }

  /**
   * BM25 of a chunk (alias "ch", its length in `lengthSql`) over the query terms of its own configuration,
   * from its tsvector.
   */
  private exactScoreSql(p: SqlParams, q: AnalysedQuery, lengthSql: string): string {
    const { k1, b } = this.params;
    const lexemes = p.add(q.terms.map((t) => t.lexeme));
    const configs = p.add(q.terms.map((t) => t.config));
    const weights = p.add(q.terms.map((t) => t.weight));
    const norm = `${k1} * (1 - ${b} + ${b} * (${lengthSql}) / ${p.add(q.avgLength)}::float8)`;
    // setweight + ts_filter keep the query's lexemes only (binary searches in C), so the unnest is short.
    return `(SELECT coalesce(sum("w"."weight" * "x"."tf" * ${k1 + 1} / ("x"."tf" + ${norm})), 0)
      FROM (SELECT "lexeme", cardinality("positions") AS "tf" FROM unnest(ts_filter(setweight("ch"."tsv", 'A', ${lexemes}::text[]), '{a}'))) "x"
      JOIN unnest(${lexemes}::text[], ${configs}::text[], ${weights}::float8[]) AS "w"("lexeme", "config", "weight")
        ON "w"."lexeme" = "x"."lexeme" AND "w"."config" = "ch"."ts_config")`;
  }

  /**
   * Query-syntax filters on a chunk (alias "ch"): required phrases and excluded words and phrases, each as the
   * chunk's configuration reads it (a phrase of stop words only in that language constrains nothing).
   */
  private textFilterSql(p: SqlParams, q: AnalysedQuery): string {
    const parts: string[] = [];
    const pairs = (list: ConfigQuery[]) =>
      `unnest(${p.add(list.map((x) => x.config))}::text[], ${p.add(list.map((x) => x.tsquery))}::tsquery[]) AS "f"("config", "q")`;
    if (q.phrases.length) {
      parts.push(
        `NOT EXISTS (SELECT 1 FROM ${pairs(q.phrases)} WHERE "f"."config" = "ch"."ts_config" AND NOT ("ch"."tsv" @@ "f"."q"))`,
      );
    }
    if (q.excluded.length) {
      parts.push(
        `NOT EXISTS (SELECT 1 FROM ${pairs(q.excluded)} WHERE "f"."config" = "ch"."ts_config" AND "ch"."tsv" @@ "f"."q")`,
      );
    }
    return parts.length ? parts.join(' AND ') : 'TRUE';
  }

  private anyTermQuery(q: AnalysedQuery): string {
    return [...new Set(q.terms.map((t) => t.lexeme))]
      .map((lexeme) => `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`)
      .join(' | ');
  }

  /** Every chunk of a small filtered set holding a query word, scored exactly. */
  private async scoreDirectly(scope: SearchScope, q: AnalysedQuery, limit: number): Promise<KeywordHit[]> {
    const p = new SqlParams();
    const workspace = p.add(scope.workspaceId);
    const collections = p.add(q.collections.map((c) => c.id));
    const anyTerm = p.add(this.anyTermQuery(q));
    // A chunk's length is on each of its postings.
    const length = `coalesce((SELECT "len" FROM "retrieval_postings" "lp" WHERE "lp"."chunk_id" = "ch"."id" LIMIT 1), 0)`;
    const score = this.exactScoreSql(p, q, length);
    // A lexeme of one language's query terms may turn up in a chunk of another, where it scores nothing.
    const rows = (await this.dataSource.query(
      `SELECT "id", "score" FROM (
         SELECT "ch"."id", ${score} AS "score" FROM "chunks" "ch"
         WHERE "ch"."workspace_id" = ${workspace} AND "ch"."collection_id" = ANY(${collections}::uuid[])
           AND ${documentFilterSql(scope, p, '"ch"')} AND "ch"."tsv" @@ ${anyTerm}::tsquery AND ${this.textFilterSql(p, q)}
       ) "s" WHERE "score" > 0
       ORDER BY "score" DESC, "id" LIMIT ${p.add(limit)}`,
      p.values,
    )) as { id: string; score: number }[];
    return rows.map((r) => ({ id: r.id, score: Number(r.score) }));
  }

  /**
   * One round over the impact-ordered postings, `depth` postings per term and collection: every chunk met gets
   * an upper bound (its exact contribution from the terms it was met under, plus the bound of the others); the
   * `rescore` best bounds are scored exactly, then, in a second query if needed, every other chunk whose bound
   * beats the k-th exact score. What no list reached is bounded by the sum of the terms' bounds.
   */
  private async round(
    scope: SearchScope,
    q: AnalysedQuery,
    limit: number,
    depth: number,
    rescore: number,
  ): Promise<{ hits: KeywordHit[]; exact: boolean; starved: boolean }> {
    const { k1, b } = this.params;
    const { k1: rk1, b: rb } = IMPACT_REFERENCE;
    const p = new SqlParams();
    const lexemes = p.add(q.terms.map((t) => t.term));
    const weights = p.add(q.terms.map((t) => t.weight));
    const collections = p.add(q.collections.map((c) => c.id));
    const refs = p.add(q.collections.map((c) => c.refLength));
    const maxLengths = p.add(q.collections.map((c) => c.maxLength));
    const avg = `${p.add(q.avgLength)}::float8`;
    const depthParam = p.add(depth);
    const rescoreParam = p.add(rescore);
    const sat = (tf: string, len: string) =>
      `${tf} * ${k1 + 1} / (${tf} + ${k1} * (1 - ${b} + ${b} * ${len} / ${avg}))`;
    // Below an impact floor f, a posting with frequency tf has length >= ref * (tf * (1 - f) / f - k1r * (1 - br))
    // / (k1r * br) (and at most the collection's longest chunk): the largest saturation it can reach bounds it.
    const minLength = `"f"."ref" * ("g"."tf" * (1 - "f"."floor") / "f"."floor" - ${rk1 * (1 - rb)}) / ${rk1 * rb}`;
    const roundSql = `WITH "q" AS MATERIALIZED (
         SELECT "term", "weight", "i" FROM unnest(${lexemes}::text[], ${weights}::float8[]) WITH ORDINALITY AS "q"("term", "weight", "i")
       ), "c" AS MATERIALIZED (
         SELECT "cid", "ref", "max_len" FROM unnest(${collections}::uuid[], ${refs}::float8[], ${maxLengths}::float8[]) AS "c"("cid", "ref", "max_len")
       ), "lists" AS MATERIALIZED (
         SELECT "c"."cid", "q"."i", "q"."weight", "p"."chunk_id", "p"."tf", "p"."len", "p"."impact"
         FROM "c" CROSS JOIN "q" CROSS JOIN LATERAL (
           SELECT "chunk_id", "tf", "len", "impact" FROM "retrieval_postings"
           WHERE "collection_id" = "c"."cid" AND "term" = "q"."term"
           ORDER BY "impact" DESC LIMIT ${depthParam}
         ) "p"
       ), "floors" AS MATERIALIZED (
         SELECT "c"."cid", "c"."ref", "c"."max_len", "q"."i", "q"."weight",
           CASE WHEN count("l"."chunk_id") < ${depthParam} THEN 0 ELSE min("l"."impact") * (1 + 1e-6) END AS "floor"
         FROM "c" CROSS JOIN "q" LEFT JOIN "lists" "l" ON "l"."cid" = "c"."cid" AND "l"."i" = "q"."i"
         GROUP BY "c"."cid", "c"."ref", "c"."max_len", "q"."i", "q"."weight"
       ), "bounds" AS MATERIALIZED (
         SELECT "f"."cid", "f"."i", CASE WHEN "f"."floor" <= 0 THEN 0 ELSE "f"."weight" * coalesce((
           SELECT max(${sat('"g"."tf"', `greatest(${minLength}, "g"."tf")`)})
           FROM generate_series(1, 256) AS "g"("tf")
           WHERE ${minLength} <= "f"."max_len" AND "g"."tf" <= "f"."max_len"), 0) END AS "bound"
         FROM "floors" "f"
       ), "unseen" AS (
         SELECT "cid", sum("bound") AS "total" FROM "bounds" GROUP BY "cid"
       ), "cands" AS (
         SELECT "l"."chunk_id", "l"."cid", min("l"."len") AS "len",
           sum("l"."weight" * ${sat('"l"."tf"', '"l"."len"')}) AS "partial", sum("b"."bound") AS "seen_bound"
         FROM "lists" "l" JOIN "bounds" "b" ON "b"."cid" = "l"."cid" AND "b"."i" = "l"."i"
         GROUP BY "l"."chunk_id", "l"."cid"
       ), "ranked" AS MATERIALIZED (
         SELECT "k"."chunk_id", "k"."len", "k"."partial" + "u"."total" - "k"."seen_bound" AS "ub",
           row_number() OVER (ORDER BY "k"."partial" DESC, "k"."chunk_id") AS "rn"
         FROM "cands" "k" JOIN "unseen" "u" ON "u"."cid" = "k"."cid"
       ), "scored" AS MATERIALIZED (
         ${this.rescoreSql(scope, q, p, `SELECT "chunk_id" AS "id", "len" FROM "ranked" WHERE "rn" <= ${rescoreParam}`)}
       ), "kth" AS (
         SELECT coalesce((SELECT "score" FROM "scored" ORDER BY "score" DESC OFFSET ${p.add(limit - 1)} LIMIT 1), 0) AS "score"
       )
       SELECT (SELECT json_agg(json_build_array("id", "score")) FROM "scored") AS "hits",
         (SELECT json_agg(json_build_array("chunk_id", "len")) FROM (
            SELECT "chunk_id", "len" FROM "ranked" WHERE "rn" > ${rescoreParam} AND "ub" > (SELECT "score" FROM "kth")
            ORDER BY "ub" DESC LIMIT ${p.add(PENDING_LIMIT + 1)}) "x") AS "pending",
         (SELECT max("total") FROM "unseen") AS "unseen_bound"`;
    const [row] = (await this.dataSource.query(roundSql, p.values)) as RoundRow[];
    const hits = new Map<string, number>();
    for (const [id, score] of row.hits ?? []) hits.set(id, Number(score));
    const pending = row.pending ?? [];
    const unseen = Number(row.unseen_bound ?? 0);
    if (pending.length > PENDING_LIMIT) {
      const top = best(hits, limit);
      return { hits: top, exact: false, starved: top.length < limit && unseen > 0 };
    }
    if (pending.length) {
      // Chunks met whose bound beats the k-th score found so far: score them all, then nothing met is left.
      const p2 = new SqlParams();
      const ids = p2.add(pending.map(([id]) => id));
      const lens = p2.add(pending.map(([, len]) => len));
      const rows = (await this.dataSource.query(
        this.rescoreSql(scope, q, p2, `SELECT * FROM unnest(${ids}::uuid[], ${lens}::integer[]) AS "r"("id", "len")`),
        p2.values,
      )) as { id: string; score: number }[];
      for (const r of rows) hits.set(r.id, Number(r.score));
    }
    const top = best(hits, limit);
    const kth = top.length >= limit ? top[limit - 1].score : 0;
    return {
      hits: top,
      exact: unseen <= 0 || (top.length >= limit && kth >= unseen),
      starved: top.length < limit && unseen > 0,
    };
  }

  /** Exact BM25 of the chunks `source` lists (`id`, `len`), with the scope's filters: rows (`id`, `score`). */
  private rescoreSql(scope: SearchScope, q: AnalysedQuery, p: SqlParams, source: string): string {
    return `SELECT "ch"."id", ${this.exactScoreSql(p, q, '"r"."len"')} AS "score"
      FROM (${source}) "r" JOIN "chunks" "ch" ON "ch"."id" = "r"."id"
      WHERE "ch"."workspace_id" = ${p.add(scope.workspaceId)} AND ${documentFilterSql(scope, p, '"ch"')} AND ${this.textFilterSql(p, q)}`;
  }
}

function best(hits: Map<string, number>, limit: number): KeywordHit[] {
  return [...hits]
    .map(([id, score]) => ({ id, score }))
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
    .slice(0, limit);
}
