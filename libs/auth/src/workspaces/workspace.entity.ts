import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { UserEntity } from '../users/user.entity';

/** A tenant: every resource belongs to one. Each user has exactly one personal workspace. */
@Entity({ name: 'workspaces' })
@Check('CHK_workspaces_llm_calls_per_minute', '"llm_calls_per_minute" IS NULL OR "llm_calls_per_minute" > 0')
@Index('UQ_workspaces_personal_owner_id', ['personalOwnerId'], {
  unique: true,
  where: '"personal_owner_id" IS NOT NULL',
})
export class WorkspaceEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** Set on the personal workspace created at registration: the user requests act in without X-Workspace-Id. */
  @Column({ name: 'personal_owner_id', type: 'uuid', nullable: true })
  personalOwnerId: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'personal_owner_id', foreignKeyConstraintName: 'FK_workspaces_personal_owner_id' })
  personalOwner?: UserEntity;

  /** This workspace's own limit on LLM calls per minute, set by a platform admin; null: LLM_RATE_LIMIT_PER_MINUTE. */
  @Column({ name: 'llm_calls_per_minute', type: 'integer', nullable: true })
  llmCallsPerMinute: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
