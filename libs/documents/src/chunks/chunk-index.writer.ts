import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { ChunkedDocument } from '../chunking';
import { STAGE_SPAN } from '../documents/document-status';
import { documentChunkLanguages } from '../language/document-languages';
import type { ParsedDocument } from '../parsing/parsed-document';
import { toVectorLiteral } from './vector-literal';

/** Rows per INSERT: well under PostgreSQL's 65,535 bind parameters, and few round trips. */
const ROWS_PER_INSERT = 400;

export interface IndexedDocument {
  documentId: string;
  workspaceId: string;
  collectionId: string;
  embedderId: string;
  dimension: number;
  parsed: Pick<ParsedDocument, 'unitKind' | 'unitCount' | 'warnings' | 'title'>;
  chunked: ChunkedDocument;
  /** One per child chunk, in order. */
  vectors: Float32Array[];
}

/** The collection moved to another embedder while this document was being embedded: embed again. */
export class EmbedderChangedError extends Error {
  override readonly name = 'EmbedderChangedError';
}

async function insertRows(manager: EntityManager, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    const batch = rows.slice(start, start + ROWS_PER_INSERT);
    const params: unknown[] = [];
    const tuples = batch.map((row) => {
      const slots = row.map((value) => {
        params.push(value);
        return `$${params.length}`;
      });
      return `(${slots.join(', ')})`;
    });
    await manager.query(
      `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${tuples.join(', ')}`,
      params,
    );
  }
}

/**
 * Writes a document's chunks and marks it ready in one transaction, so search never sees half a document
 * and a worker killed mid-way leaves the previous state: running the job again replaces its chunks whole.
 */
@Injectable()
export class ChunkIndexWriter {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Returns false when the document was deleted meanwhile (nothing is written then). */
  async replace(input: IndexedDocument): Promise<boolean> {
    const { chunked, vectors } = input;
    if (vectors.length !== chunked.children.length) {
      throw new Error(`${vectors.length} vectors for ${chunked.children.length} chunks`);
    }
    // Before the transaction: detecting the language is CPU work that needs no lock.
    const { configs: tsConfigs } = await documentChunkLanguages(
      this.dataSource.manager,
      input.documentId,
      chunked.children.map((c) => c.text),
    );
    return this.dataSource.transaction(async (manager) => {
      // Shares the row lock a re-index swap takes exclusively: either this document's vectors are
      // written before the swap (and the re-index embeds them again), or after it (and must match).
      const [collection] = (await manager.query(`SELECT "embedder_id" FROM "collections" WHERE "id" = $1 FOR SHARE`, [
        input.collectionId,
      ])) as { embedder_id: string }[];
      const [doc] = (await manager.query(`SELECT "id" FROM "documents" WHERE "id" = $1 FOR UPDATE`, [
        input.documentId,
      ])) as { id: string }[];
      if (!collection || !doc) return false;
      if (collection.embedder_id !== input.embedderId) {
        throw new EmbedderChangedError(`the collection now uses ${collection.embedder_id}, not ${input.embedderId}`);
      }
      await manager.query(`DELETE FROM "chunks" WHERE "document_id" = $1`, [input.documentId]);
      await manager.query(`DELETE FROM "chunk_parents" WHERE "document_id" = $1`, [input.documentId]);
      const parentIds = chunked.parents.map(() => randomUUID());
      await insertRows(
        manager,
        'chunk_parents',
        [
          'id',
          'document_id',
          'workspace_id',
          'index',
          'text',
          'token_count',
          'char_start',
          'char_end',
          'unit_start',
          'unit_end',
          'sheet',
          'heading_path',
        ],
        chunked.parents.map((p, i) => [
          parentIds[i],
          input.documentId,
          input.workspaceId,
          p.index,
          p.text,
          p.tokenCount,
          p.charStart,
          p.charEnd,
          p.unitStart ?? null,
          p.unitEnd ?? null,
          p.sheet ?? null,
          p.headingPath,
        ]),
      );
      await insertRows(
        manager,
        'chunks',
        [
          'document_id',
          'parent_id',
          'workspace_id',
          'collection_id',
          'index',
          'text',
          'token_count',
          'char_start',
          'char_end',
          'unit_start',
          'unit_end',
          'sheet',
          'heading_path',
          'embedder_id',
          'embedding_dim',
          'embedding',
          'ts_config',
        ],
        chunked.children.map((c, i) => [
          input.documentId,
          parentIds[c.parentIndex],
          input.workspaceId,
          input.collectionId,
          c.index,
          c.text,
          c.tokenCount,
          c.charStart,
          c.charEnd,
          c.unitStart ?? null,
          c.unitEnd ?? null,
          c.sheet ?? null,
          c.headingPath,
          input.embedderId,
          input.dimension,
          toVectorLiteral(vectors[i]),
          tsConfigs[i],
        ]),
      );
      const { parsed } = input;
      await manager.query(
        `UPDATE "documents" SET "status" = 'ready', "progress" = $2, "unit_kind" = $3, "unit_count" = $4,
           "chunk_count" = $5, "warnings" = $6, "title" = COALESCE($7, "title"), "failure_reason" = NULL,
           "failure_message" = NULL, "ingested_at" = now(), "updated_at" = now()
         WHERE "id" = $1`,
        [
          input.documentId,
          JSON.stringify({ stage: 'ready', percent: STAGE_SPAN.indexing[1] }),
          parsed.unitKind,
          parsed.unitCount,
          chunked.children.length,
          JSON.stringify(parsed.warnings),
          parsed.title?.trim() || null,
        ],
      );
      return true;
    });
  }
}
