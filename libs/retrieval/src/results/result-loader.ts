import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ParentContext, SearchResult } from '../search/search.types';
import { HEADLINE_OPTIONS, highlightsFromMarked, type Highlight } from './highlights';

/** A result's chunk with its document, before scores are attached. */
export type LoadedChunk = Omit<SearchResult, 'rank' | 'score' | 'vector' | 'keyword' | 'rerank'>;

interface ChunkRow {
  id: string;
  document_id: string;
  collection_id: string;
  parent_id: string;
  index: number;
  text: string;
  char_start: number;
  char_end: number;
  unit_start: number | null;
  unit_end: number | null;
  sheet: string | null;
  heading_path: string[];
  title: string | null;
  filename: string;
  type: string;
  unit_kind: string | null;
  marked?: string | null;
}

interface ParentRow {
  id: string;
  document_id: string;
  text: string;
  char_start: number;
  char_end: number;
  unit_start: number | null;
  unit_end: number | null;
  sheet: string | null;
  heading_path: string[];
  unit_kind: string | null;
}

/**
 * Marks every word of the query text ($3) that full-text search would match, in the whole chunk text, read with
 * the chunk's own text search configuration.
 */
const HEADLINE_SQL = `, ts_headline("c"."ts_config"::regconfig, "c"."text", plainto_tsquery("c"."ts_config"::regconfig, $3::text), '${HEADLINE_OPTIONS}') AS "marked"`;

/** Page, slide or row named the way citations name it (`unit_kind`), plus the range end and the sheet. */
function position(row: {
  unit_start: number | null;
  unit_end: number | null;
  sheet: string | null;
  unit_kind: string | null;
}): Pick<SearchResult, 'page' | 'slide' | 'row' | 'unitEnd' | 'sheet'> {
  const out: Pick<SearchResult, 'page' | 'slide' | 'row' | 'unitEnd' | 'sheet'> = {};
  const kind = row.unit_kind;
  if (row.unit_start !== null && (kind === 'page' || kind === 'slide' || kind === 'row')) {
    out[kind] = row.unit_start;
    out.unitEnd = row.unit_end ?? row.unit_start;
  }
  if (row.sheet) out.sheet = row.sheet;
  return out;
}

/** Reads what search results show: chunk text and position, document, highlights, parent sections. */
@Injectable()
export class ResultLoader {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The chunks (of this workspace only), by id. With `queryText`, each gets the offsets of the query's words
   * in it, found as full-text search reads them (`ts_headline`: "cells" matches "cell").
   */
  async chunks(workspaceId: string, ids: string[], queryText: string | null): Promise<Map<string, LoadedChunk>> {
    if (!ids.length) return new Map();
    const highlight = queryText?.trim() ? HEADLINE_SQL : '';
    const rows = (await this.dataSource.query(
      `SELECT "c"."id", "c"."document_id", "c"."collection_id", "c"."parent_id", "c"."index", "c"."text",
         "c"."char_start", "c"."char_end", "c"."unit_start", "c"."unit_end", "c"."sheet", "c"."heading_path",
         "d"."title", "d"."filename", "d"."type", "d"."unit_kind"${highlight}
       FROM "chunks" "c" JOIN "documents" "d" ON "d"."id" = "c"."document_id"
       WHERE "c"."id" = ANY($1::uuid[]) AND "c"."workspace_id" = $2`,
      highlight ? [ids, workspaceId, queryText] : [ids, workspaceId],
    )) as ChunkRow[];
    return new Map(
      rows.map((r) => [
        r.id,
        {
          chunkId: r.id,
          text: r.text,
          documentId: r.document_id,
          document: { id: r.document_id, title: r.title, filename: r.filename, type: r.type },
          collectionId: r.collection_id,
          chunkIndex: r.index,
          ...position(r),
          headingPath: r.heading_path ?? [],
          charStart: r.char_start,
          charEnd: r.char_end,
          highlights: highlightsFromMarked(r.text, r.marked) satisfies Highlight[],
          parentId: r.parent_id,
        },
      ]),
    );
  }

  /** Highlights for chunks loaded without them. */
  async highlights(workspaceId: string, ids: string[], queryText: string): Promise<Map<string, Highlight[]>> {
    if (!ids.length || !queryText.trim()) return new Map();
    const rows = (await this.dataSource.query(
      `SELECT "c"."id", "c"."text"${HEADLINE_SQL} FROM "chunks" "c" WHERE "c"."id" = ANY($1::uuid[]) AND "c"."workspace_id" = $2`,
      [ids, workspaceId, queryText],
    )) as { id: string; text: string; marked: string | null }[];
    return new Map(rows.map((r) => [r.id, highlightsFromMarked(r.text, r.marked)]));
  }

  /**
   * The parent sections of `results` (best first), each once, with the results inside it: what an answer
   * generator reads around the matched passages.
   */
  async parents(workspaceId: string, results: SearchResult[]): Promise<ParentContext[]> {
    const order: string[] = [];
    const children = new Map<string, string[]>();
    for (const r of results) {
      if (!children.has(r.parentId)) {
        order.push(r.parentId);
        children.set(r.parentId, []);
      }
      children.get(r.parentId)!.push(r.chunkId);
    }
    if (!order.length) return [];
    const rows = (await this.dataSource.query(
      `SELECT "p"."id", "p"."document_id", "p"."text", "p"."char_start", "p"."char_end", "p"."unit_start",
         "p"."unit_end", "p"."sheet", "p"."heading_path", "d"."unit_kind"
       FROM "chunk_parents" "p" JOIN "documents" "d" ON "d"."id" = "p"."document_id"
       WHERE "p"."id" = ANY($1::uuid[]) AND "p"."workspace_id" = $2`,
      [order, workspaceId],
    )) as ParentRow[];
    const byId = new Map(rows.map((r) => [r.id, r]));
    const rankOf = new Map(results.map((r) => [r.chunkId, r.rank]));
    return order.flatMap((id) => {
      const r = byId.get(id);
      if (!r) return [];
      const chunkIds = children.get(id)!;
      return [
        {
          id: r.id,
          documentId: r.document_id,
          text: r.text,
          charStart: r.char_start,
          charEnd: r.char_end,
          ...position(r),
          headingPath: r.heading_path ?? [],
          chunkIds,
          rank: Math.min(...chunkIds.map((c) => rankOf.get(c) ?? Infinity)),
        },
      ];
    });
  }

  /** Stored vectors of chunks (for MMR), with the embedder that made each. */
  async vectors(
    workspaceId: string,
    ids: string[],
  ): Promise<Map<string, { vector: Float32Array; embedderId: string }>> {
    if (!ids.length) return new Map();
    const rows = (await this.dataSource.query(
      `SELECT "id", "embedder_id", "embedding"::text AS "embedding" FROM "chunks"
       WHERE "id" = ANY($1::uuid[]) AND "workspace_id" = $2`,
      [ids, workspaceId],
    )) as { id: string; embedder_id: string; embedding: string }[];
    return new Map(
      rows.map((r) => [
        r.id,
        { vector: Float32Array.from(JSON.parse(r.embedding) as number[]), embedderId: r.embedder_id },
      ]),
    );
  }
}
