import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { WorkspaceEntity } from '@docqa/auth';

export type ReindexStatus = 'running' | 'failed';

/**
 * A named set of documents in a workspace, indexed by one embedder. Vectors of different embedders are
 * never compared, so the embedder is recorded here and changed only by a re-index that swaps every vector
 * of the collection at once.
 */
@Entity({ name: 'collections' })
@Index('UQ_collections_workspace_id_name', { synchronize: false })
export class CollectionEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_collections' })
  id: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId: string;

  @ManyToOne(() => WorkspaceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'workspace_id', foreignKeyConstraintName: 'FK_collections_workspace_id' })
  workspace?: WorkspaceEntity;

  /** Unique in the workspace, ignoring case. */
  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  /** The embedder whose vectors the collection's chunks hold (e.g. `local:Xenova/all-MiniLM-L6-v2`). */
  @Column({ name: 'embedder_id', type: 'varchar', length: 200 })
  embedderId: string;

  @Column({ name: 'embedding_dimension', type: 'integer' })
  embeddingDimension: number;

  /**
   * The text search configuration every document ingested into the collection is indexed with (`german`...),
   * instead of each document's detected language; null: detect.
   */
  @Column({ type: 'varchar', length: 32, nullable: true })
  language: string | null;

  /** The embedder a running or failed re-index moves the collection to. */
  @Column({ name: 'reindex_embedder_id', type: 'varchar', length: 200, nullable: true })
  reindexEmbedderId: string | null;

  @Column({ name: 'reindex_status', type: 'varchar', length: 16, nullable: true })
  reindexStatus: ReindexStatus | null;

  /** Chunks re-embedded so far and in all, while a re-index runs. */
  @Column({ name: 'reindex_progress', type: 'jsonb', nullable: true })
  reindexProgress: { done: number; total: number } | null;

  @Column({ name: 'reindex_error', type: 'text', nullable: true })
  reindexError: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
