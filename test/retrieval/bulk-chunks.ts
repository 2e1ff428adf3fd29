import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';

/**
 * Writes ready documents straight into the tables ingestion writes (documents, chunk_parents, chunks), many per
 * statement, for tests that need corpora far larger than uploading would allow. Chunks get the vector given
 * (e.g. from the offline embedder) or none that means anything (zero), in which case drop the HNSW index first:
 * inserting into the graph is what makes bulk writes slow in the embedded database.
 */
export class BulkChunks {
  constructor(private readonly dataSource: DataSource) {}

  async dropVectorIndex(): Promise<void> {
    await this.dataSource.query(`DROP INDEX IF EXISTS "IDX_chunks_embedding_384_hnsw"`);
  }

  async collection(workspaceId: string, name: string): Promise<string> {
    const [row] = (await this.dataSource.query(
      `INSERT INTO "collections" ("workspace_id", "name", "embedder_id", "embedding_dimension")
       VALUES ($1, $2, 'offline:hash-384-v1', 384) RETURNING "id"`,
      [workspaceId, name],
    )) as { id: string }[];
    return row.id;
  }

  /** One document and one chunk per text; returns the chunk ids in order. */
  async insert(
    workspaceId: string,
    collectionId: string,
    texts: Array<{
      name: string;
      text: string;
      metadata?: Record<string, unknown>;
      vector?: ArrayLike<number>;
      /** The chunk's text search configuration (default: the column's, `english`). */
      tsConfig?: string;
    }>,
    perStatement = 250,
  ): Promise<string[]> {
    const zero = `[${new Array(384).fill(0).join(',')}]`;
    const chunkIds: string[] = [];
    for (let start = 0; start < texts.length; start += perStatement) {
      const batch = texts.slice(start, start + perStatement).map((t) => ({
        ...t,
        documentId: randomUUID(),
        parentId: randomUUID(),
        chunkId: randomUUID(),
      }));
      await this.dataSource.transaction(async (m) => {
        const values = (rows: unknown[][]) => {
          const params: unknown[] = [];
          const tuples = rows.map((r) => `(${r.map((v) => (params.push(v), `$${params.length}`)).join(', ')})`);
          return { sql: tuples.join(', '), params };
        };
        const docs = values(
          batch.map((b) => [
            b.documentId,
            workspaceId,
            collectionId,
            b.name,
            'text',
            'text/plain',
            b.text.length,
            randomUUID().replaceAll('-', '').padEnd(64, '0'),
            `bulk/${b.documentId}`,
            b.name,
            JSON.stringify(b.metadata ?? {}),
            'ready',
            1,
          ]),
        );
        await m.query(
          `INSERT INTO "documents" ("id", "workspace_id", "collection_id", "filename", "type", "mime_type", "size_bytes",
             "sha256", "storage_key", "title", "metadata", "status", "chunk_count") VALUES ${docs.sql}`,
          docs.params,
        );
        const parents = values(
          batch.map((b) => [b.parentId, b.documentId, workspaceId, 0, b.text, 1, 0, b.text.length]),
        );
        await m.query(
          `INSERT INTO "chunk_parents" ("id", "document_id", "workspace_id", "index", "text", "token_count",
             "char_start", "char_end") VALUES ${parents.sql}`,
          parents.params,
        );
        const chunks = values(
          batch.map((b) => [
            b.chunkId,
            b.documentId,
            b.parentId,
            workspaceId,
            collectionId,
            0,
            b.text,
            1,
            0,
            b.text.length,
            'offline:hash-384-v1',
            384,
            b.vector ? `[${Array.from(b.vector).join(',')}]` : zero,
            b.tsConfig ?? 'english',
          ]),
        );
        await m.query(
          `INSERT INTO "chunks" ("id", "document_id", "parent_id", "workspace_id", "collection_id", "index", "text",
             "token_count", "char_start", "char_end", "embedder_id", "embedding_dim", "embedding", "ts_config") VALUES ${chunks.sql}`,
          chunks.params,
        );
      });
      chunkIds.push(...batch.map((b) => b.chunkId));
    }
    return chunkIds;
  }
}
