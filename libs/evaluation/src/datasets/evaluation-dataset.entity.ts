import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { UserEntity, WorkspaceEntity } from '@docqa/auth';

/** A named set of evaluation questions in a workspace, uploaded as JSONL. */
@Entity({ name: 'evaluation_datasets' })
// Unique per workspace ignoring case: an expression index, written in the migration.
@Index('UQ_evaluation_datasets_workspace_id_name', { synchronize: false })
@Index('IDX_evaluation_datasets_workspace_id_created_at', ['workspaceId', 'createdAt'])
export class EvaluationDatasetEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_evaluation_datasets' })
  id: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId: string;

  @ManyToOne(() => WorkspaceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'workspace_id', foreignKeyConstraintName: 'FK_evaluation_datasets_workspace_id' })
  workspace?: WorkspaceEntity;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ name: 'item_count', type: 'integer' })
  itemCount: number;

  /** Items marked unanswerable (`referenceContexts: []`). */
  @Column({ name: 'unanswerable_count', type: 'integer', default: 0 })
  unanswerableCount: number;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'FK_evaluation_datasets_created_by' })
  creator?: UserEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
