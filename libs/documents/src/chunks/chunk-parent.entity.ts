import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { DocumentEntity } from '../documents/document.entity';

/**
 * A section or page of a document (about CHUNK_PARENT_TOKENS): not searched itself, but handed to the
 * answer generator around the child chunks that matched, so the model sees their context.
 */
@Entity({ name: 'chunk_parents' })
@Index('IDX_chunk_parents_document_id_index', ['documentId', 'index'], { unique: true })
export class ChunkParentEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_chunk_parents' })
  id: string;

  @Column({ name: 'document_id', type: 'uuid' })
  documentId: string;

  @ManyToOne(() => DocumentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'document_id', foreignKeyConstraintName: 'FK_chunk_parents_document_id' })
  document?: DocumentEntity;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId: string;

  @Column({ name: 'index', type: 'integer' })
  index: number;

  @Column({ type: 'text' })
  text: string;

  @Column({ name: 'token_count', type: 'integer' })
  tokenCount: number;

  /** Offsets into the document's extracted text (its blocks joined by blank lines). */
  @Column({ name: 'char_start', type: 'integer' })
  charStart: number;

  @Column({ name: 'char_end', type: 'integer' })
  charEnd: number;

  /** First and last page, slide or row covered; null for types without units. */
  @Column({ name: 'unit_start', type: 'integer', nullable: true })
  unitStart: number | null;

  @Column({ name: 'unit_end', type: 'integer', nullable: true })
  unitEnd: number | null;

  @Column({ type: 'varchar', length: 256, nullable: true })
  sheet: string | null;

  @Column({ name: 'heading_path', type: 'text', array: true, default: () => `'{}'` })
  headingPath: string[];
}
