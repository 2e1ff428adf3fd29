import { createHash, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { chunkTextSearchConfigs, VectorIndexes } from '@docqa/documents';
import { compactVectorLiteral } from './vector-literal';

/** Rows per INSERT: few round trips, well under PostgreSQL's 65,535 bind parameters. */
const ROWS_PER_INSERT = 250;

export interface LoadChunk {
  text: string;
  tokenCount: number;
  vector: ArrayLike<number>;
}

export interface LoadDocument {
  title: string;
  filename: string;
  metadata: Record<string, unknown>;
  /** In order; consecutive runs of `childrenPerParent` share a parent, as the chunker groups children under sections. */
  chunks: LoadChunk[];
}

export interface LoadedDocument {
  documentId: string;
  chunkIds: string[];
}

/**
 * Writes workspaces, collections, documents, parents and chunks straight into DocQA's tables with multi-row
 * INSERTs, the same rows the ingestion job's index writer writes (ready documents, chunks with their vector,
 * their detected language and the tsvector it makes), without parsing, chunking or one transaction per document. Used where ingesting
 * through the job queue would take far longer than the measurement itself (100k chunks).
 */
export class BulkLoader {
  constructor(
    private readonly dataSource: DataSource,
    private readonly childrenPerParent = 5,
  ) {}

  async workspace(name: string): Promise<string> {
    const [row] = (await this.dataSource.query(`INSERT INTO "workspaces" ("name") VALUES ($1) RETURNING "id"`, [
      name,
    ])) as { id: string }[];
    return row.id;
  }

  async collection(workspaceId: string, name: string, embedderId: string, dimension: number): Promise<string> {
    const [row] = (await this.dataSource.query(
      `INSERT INTO "collections" ("workspace_id", "name", "embedder_id", "embedding_dimension")
       VALUES ($1, $2, $3, $4) RETURNING "id"`,
      [workspaceId, name, embedderId, dimension],
    )) as { id: string }[];
    return row.id;
  }

  /** Inserts documents with all their chunks, in one transaction per call. */
  async documents(
    target: { workspaceId: string; collectionId: string; embedderId: string; dimension: number },
    docs: LoadDocument[],
  ): Promise<LoadedDocument[]> {
    const documents: unknown[][] = [];
    const parents: unknown[][] = [];
    const chunks: unknown[][] = [];
    const loaded: LoadedDocument[] = [];
    for (const doc of docs) {
      const documentId = randomUUID();
      const separator = '\n\n';
      const fullText = doc.chunks.map((c) => c.text).join(separator);
      documents.push([
        documentId,
        target.workspaceId,
        target.collectionId,
        doc.filename,
        'text',
        'text/plain',
        Buffer.byteLength(fullText),
        createHash('sha256').update(fullText).digest('hex'),
        `bench/${documentId}`,
        doc.title,
        JSON.stringify(doc.metadata),
        'ready',
        'none',
        0,
        doc.chunks.length,
      ]);
      const chunkIds: string[] = [];
      // Each chunk's text search configuration, detected as the ingestion job detects it.
      const { configs } = chunkTextSearchConfigs(doc.chunks.map((c) => c.text));
      let offset = 0;
      let parentId = '';
      for (let i = 0; i < doc.chunks.length; i++) {
        const c = doc.chunks[i];
        if (i % this.childrenPerParent === 0) {
          parentId = randomUUID();
          const group = doc.chunks.slice(i, i + this.childrenPerParent);
          const text = group.map((g) => g.text).join(separator);
          parents.push([
            parentId,
            documentId,
            target.workspaceId,
            i / this.childrenPerParent,
            text,
            group.reduce((n, g) => n + g.tokenCount, 0),
            offset,
            offset + text.length,
          ]);
        }
        const id = randomUUID();
        chunkIds.push(id);
        chunks.push([
          id,
          documentId,
          parentId,
          target.workspaceId,
          target.collectionId,
          i,
          c.text,
          c.tokenCount,
          offset,
          offset + c.text.length,
          target.embedderId,
          target.dimension,
          compactVectorLiteral(c.vector),
          configs[i],
        ]);
        offset += c.text.length + separator.length;
      }
      loaded.push({ documentId, chunkIds });
    }
    await this.dataSource.transaction(async (manager) => {
      const insert = async (table: string, columns: string[], rows: unknown[][]) => {
        for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
          const batch = rows.slice(start, start + ROWS_PER_INSERT);
          const params: unknown[] = [];
          const tuples = batch.map((row) => `(${row.map((v) => `$${params.push(v)}`).join(', ')})`);
          await manager.query(
            `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${tuples.join(', ')}`,
            params,
          );
        }
      };
      await insert(
        'documents',
        [
          'id',
          'workspace_id',
          'collection_id',
          'filename',
          'type',
          'mime_type',
          'size_bytes',
          'sha256',
          'storage_key',
          'title',
          'metadata',
          'status',
          'unit_kind',
          'unit_count',
          'chunk_count',
        ],
        documents,
      );
      await insert(
        'chunk_parents',
        ['id', 'document_id', 'workspace_id', 'index', 'text', 'token_count', 'char_start', 'char_end'],
        parents,
      );
      await insert(
        'chunks',
        [
          'id',
          'document_id',
          'parent_id',
          'workspace_id',
          'collection_id',
          'index',
          'text',
          'token_count',
          'char_start',
          'char_end',
          'embedder_id',
          'embedding_dim',
          'embedding',
          'ts_config',
        ],
        chunks,
      );
      await manager.query(`UPDATE "documents" SET "ingested_at" = now() WHERE "id" = ANY($1::uuid[])`, [
        loaded.map((d) => d.documentId),
      ]);
    });
    return loaded;
  }
}

/**
 * The tables whose secondary indexes a bulk load drops and builds again: chunks only. The keyword index the
 * chunks' triggers fill (`retrieval_postings`) keeps its indexes, grown insert by insert as ingestion grows them,
 * so keyword search is measured on the index a live deployment has, not on a freshly packed one.
 */
export const BULK_TABLES = ['chunks'];

/** How bulk loads are done, for the report. */
export const BULK_PATH =
  'bulk: multi-row INSERTs into documents, chunk_parents and chunks (the triggers on chunks fill the BM25 ' +
  'index as they go) with the secondary indexes of chunks dropped, then each built once, VACUUM ANALYZE';

/** A secondary index as `pg_get_indexdef` gives it, to drop before a bulk load and build after it. */
export interface IndexDefinition {
  name: string;
  definition: string;
}

/** The HNSW index of a dimension as `VectorIndexes` creates it (the migration's, for 384). */
export function hnswIndexDefinition(dimension: number): IndexDefinition {
  const name = VectorIndexes.indexName(dimension);
  return {
    name,
    definition:
      `CREATE INDEX IF NOT EXISTS "${name}" ON "chunks" USING hnsw (("embedding"::vector(${dimension})) ` +
      `vector_cosine_ops) WHERE "embedding_dim" = ${dimension}`,
  };
}

/**
 * Bulk loading as PostgreSQL's documentation advises: drop the secondary indexes of the tables a load writes
 * (the chunks' full-text GIN and HNSW indexes above all), insert, then build each index once. An HNSW insert
 * costs a graph search: building the graph whole is several times faster. Unique indexes stay, so constraints
 * hold throughout; the definitions are read from the catalog, so whatever the migrations define is rebuilt
 * exactly.
 */
export async function dropSecondaryIndexes(dataSource: DataSource, tables: string[]): Promise<IndexDefinition[]> {
  const indexes = (await dataSource.query(
    `SELECT c."relname" AS "name", pg_get_indexdef(i."indexrelid") AS "definition"
     FROM pg_index i JOIN pg_class c ON c."oid" = i."indexrelid" JOIN pg_class t ON t."oid" = i."indrelid"
     JOIN pg_namespace n ON n."oid" = t."relnamespace"
     WHERE n."nspname" = current_schema() AND t."relname" = ANY($1) AND NOT i."indisunique" AND NOT i."indisprimary"
     ORDER BY t."relname", c."relname"`,
    [tables],
  )) as IndexDefinition[];
  for (const index of indexes) await dataSource.query(`DROP INDEX "${index.name}"`);
  return indexes;
}

export interface IndexBuild {
  name: string;
  seconds: number;
}

export async function buildIndexes(
  dataSource: DataSource,
  indexes: IndexDefinition[],
  maintenanceWorkMem: string,
): Promise<IndexBuild[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  const builds: IndexBuild[] = [];
  try {
    // One session, so the memory setting applies to the builds: an HNSW graph built within it is much faster.
    await runner.query(`SET maintenance_work_mem = '${maintenanceWorkMem}'`);
    const seen = new Set<string>();
    for (const index of indexes) {
      if (seen.has(index.name)) continue;
      seen.add(index.name);
      const t0 = performance.now();
      await runner.query(index.definition.replace(/^CREATE INDEX (?!IF NOT EXISTS)/, 'CREATE INDEX IF NOT EXISTS '));
      builds.push({ name: index.name, seconds: (performance.now() - t0) / 1000 });
    }
    await runner.query(`RESET maintenance_work_mem`);
    // Planner statistics, as autovacuum would gather them shortly after a load.
    await runner.query(`VACUUM ANALYZE`);
  } finally {
    await runner.release();
  }
  return builds;
}
