import {
  Check,
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
import { CollectionEntity } from '../collections/collection.entity';
import type { DocumentType, UnitKind } from '../parsing/parsed-document';
import type { DocumentProgress, DocumentStatus, FailureReason } from './document-status';

/** An uploaded file and where its ingestion stands. Its chunks live in `chunks` and `chunk_parents`. */
@Entity({ name: 'documents' })
@Index('UQ_documents_workspace_id_sha256', ['workspaceId', 'sha256'], { unique: true })
@Index('IDX_documents_workspace_id_created_at', ['workspaceId', 'createdAt', 'id'])
@Index('IDX_documents_collection_id', ['collectionId'])
// GIN (jsonb_path_ops) on metadata, for search filters: made by its migration, which TypeORM cannot express.
@Index('IDX_documents_metadata', { synchronize: false })
@Check(
  'CHK_documents_status',
  `"status" IN ('uploaded', 'parsing', 'chunking', 'embedding', 'indexing', 'ready', 'failed')`,
)
export class DocumentEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_documents' })
  id: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId: string;

  @ManyToOne(() => WorkspaceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'workspace_id', foreignKeyConstraintName: 'FK_documents_workspace_id' })
  workspace?: WorkspaceEntity;

  @Column({ name: 'collection_id', type: 'uuid' })
  collectionId: string;

  @ManyToOne(() => CollectionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'collection_id', foreignKeyConstraintName: 'FK_documents_collection_id' })
  collection?: CollectionEntity;

  /** The user who uploaded it (kept when the user is deleted, as null). */
  @Column({ name: 'uploaded_by', type: 'uuid', nullable: true })
  uploadedBy: string | null;

  /** The file name the client sent, for display only: the type comes from the content. */
  @Column({ type: 'varchar', length: 512 })
  filename: string;

  @Column({ type: 'varchar', length: 16 })
  type: DocumentType;

  @Column({ name: 'mime_type', type: 'varchar', length: 128 })
  mimeType: string;

  @Column({ name: 'size_bytes', type: 'bigint', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  sizeBytes: number;

  /** SHA-256 of the bytes, hex: the same file uploaded again in the workspace is this document. */
  @Column({ type: 'varchar', length: 64 })
  sha256: string;

  @Column({ name: 'storage_key', type: 'varchar', length: 512 })
  storageKey: string;

  @Column({ type: 'text', nullable: true })
  title: string | null;

  /** The client's own key-value metadata, filterable in search. */
  @Column({ type: 'jsonb', default: () => `'{}'` })
  metadata: Record<string, unknown>;

  @Column({ type: 'varchar', length: 16 })
  status: DocumentStatus;

  @Column({ name: 'failure_reason', type: 'varchar', length: 32, nullable: true })
  failureReason: FailureReason | null;

  @Column({ name: 'failure_message', type: 'text', nullable: true })
  failureMessage: string | null;

  @Column({ type: 'jsonb', nullable: true })
  progress: DocumentProgress | null;

  @Column({ name: 'unit_kind', type: 'varchar', length: 8, nullable: true })
  unitKind: UnitKind | null;

  /** Pages, slides or rows once parsed. */
  @Column({ name: 'unit_count', type: 'integer', nullable: true })
  unitCount: number | null;

  @Column({ name: 'chunk_count', type: 'integer', default: 0 })
  chunkCount: number;

  /** Things the user should know that did not fail the document (pages without text, for one). */
  @Column({ type: 'jsonb', default: () => `'[]'` })
  warnings: string[];

  @Column({ name: 'ingested_at', type: 'timestamptz', nullable: true })
  ingestedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
