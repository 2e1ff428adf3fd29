import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ChunkEntity } from './chunk.entity';

/**
 * Vectors a re-index has computed with the collection's next embedder, waiting for the swap: search keeps
 * using the current vectors until one transaction moves all of them into `chunks` at once.
 */
@Entity({ name: 'chunk_reindex_vectors' })
@Index('IDX_chunk_reindex_vectors_collection_id', ['collectionId'])
export class ChunkReindexVectorEntity {
  @PrimaryColumn({ name: 'chunk_id', type: 'uuid', primaryKeyConstraintName: 'PK_chunk_reindex_vectors' })
  chunkId: string;

  @ManyToOne(() => ChunkEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'chunk_id', foreignKeyConstraintName: 'FK_chunk_reindex_vectors_chunk_id' })
  chunk?: ChunkEntity;

  @Column({ name: 'collection_id', type: 'uuid' })
  collectionId: string;

  @Column({ name: 'embedder_id', type: 'varchar', length: 200 })
  embedderId: string;

  @Column({ type: 'vector' })
  embedding: string;
}
