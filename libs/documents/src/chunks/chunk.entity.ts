import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CollectionEntity } from '../collections/collection.entity';
import { DocumentEntity } from '../documents/document.entity';
import { ChunkParentEntity } from './chunk-parent.entity';

/**
 * The unit that is searched: a child chunk (about CHUNK_CHILD_TOKENS) with its vector and its full-text
 * vector in one row, so both legs of hybrid search read one table. `embedding` has no fixed dimension
 * (collections may use different embedders); each dimension in use gets a partial HNSW index on
 * `embedding::vector(<dim>) WHERE embedding_dim = <dim>` (see `VectorIndexes`), which TypeORM does not manage.
 */
@Entity({ name: 'chunks' })
@Index('IDX_chunks_document_id_index', ['documentId', 'index'], { unique: true })
@Index('IDX_chunks_workspace_id_collection_id', ['workspaceId', 'collectionId'])
@Index('IDX_chunks_parent_id', ['parentId'])
@Index('IDX_chunks_tsv', { synchronize: false })
@Index('IDX_chunks_embedding_384_hnsw', { synchronize: false })
export class ChunkEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_chunks' })
  id: string;

  @Column({ name: 'document_id', type: 'uuid' })
  documentId: string;

  @ManyToOne(() => DocumentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'document_id', foreignKeyConstraintName: 'FK_chunks_document_id' })
  document?: DocumentEntity;

  @Column({ name: 'parent_id', type: 'uuid' })
  parentId: string;

  @ManyToOne(() => ChunkParentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'parent_id', foreignKeyConstraintName: 'FK_chunks_parent_id' })
  parent?: ChunkParentEntity;

  /** Denormalised from the document so that search filters by tenant and collection without a join. */
  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId: string;

  @Column({ name: 'collection_id', type: 'uuid' })
  collectionId: string;

  @ManyToOne(() => CollectionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'collection_id', foreignKeyConstraintName: 'FK_chunks_collection_id' })
  collection?: CollectionEntity;

  @Column({ name: 'index', type: 'integer' })
  index: number;

  @Column({ type: 'text' })
  text: string;

  @Column({ name: 'token_count', type: 'integer' })
  tokenCount: number;

  /** Offsets into the document's extracted text: `text` is exactly that slice, so highlights are exact. */
  @Column({ name: 'char_start', type: 'integer' })
  charStart: number;

  @Column({ name: 'char_end', type: 'integer' })
  charEnd: number;

  @Column({ name: 'unit_start', type: 'integer', nullable: true })
  unitStart: number | null;

  @Column({ name: 'unit_end', type: 'integer', nullable: true })
  unitEnd: number | null;

  @Column({ type: 'varchar', length: 256, nullable: true })
  sheet: string | null;

  @Column({ name: 'heading_path', type: 'text', array: true, default: () => `'{}'` })
  headingPath: string[];

  @Column({ name: 'embedder_id', type: 'varchar', length: 200 })
  embedderId: string;

  @Column({ name: 'embedding_dim', type: 'smallint' })
  embeddingDim: number;

  /** Written as a pgvector literal; read back only by search, in SQL. */
  @Column({ type: 'vector', select: false })
  embedding: string;

  /**
   * The PostgreSQL text search configuration the text is analysed with (`english`, `german`, ... or `simple`):
   * the document's detected language, a chunk clearly in another one's own, or an override.
   */
  @Column({ name: 'ts_config', type: 'varchar', length: 32, default: 'english' })
  tsConfig: string;

  /** `to_tsvector(ts_config, text)`, kept by the `TRG_chunks_tsv` trigger (see the TextSearchLanguages migration). */
  @Column({ type: 'tsvector', select: false, insert: false, update: false })
  tsv: string;
}
