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
import { UserEntity, WorkspaceEntity } from '@docqa/auth';

/**
 * A conversation with the agent: one user's, in one workspace. Its memory is the last turns (in
 * `conversation_messages`) plus `summary`, into which turns older than AGENT_MEMORY_TURNS are folded.
 */
@Entity({ name: 'conversations' })
@Index('IDX_conversations_workspace_id_user_id_updated_at', ['workspaceId', 'userId', 'updatedAt', 'id'])
export class ConversationEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_conversations' })
  id: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId: string;

  @ManyToOne(() => WorkspaceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'workspace_id', foreignKeyConstraintName: 'FK_conversations_workspace_id' })
  workspace?: WorkspaceEntity;

  /** Whose conversation it is (null only for callers without a user); it goes with its user. */
  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_conversations_user_id' })
  user?: UserEntity;

  /** The API key it was started with, if any (no foreign key: the conversation outlives a revoked key). */
  @Column({ name: 'api_key_id', type: 'uuid', nullable: true })
  apiKeyId: string | null;

  /** Given at creation, else the first question (clipped); null until then. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  title: string | null;

  /** The rolling summary of the turns no longer kept word for word in the agent's memory. */
  @Column({ type: 'text', default: '' })
  summary: string;

  /** Turns folded into `summary` so far (the oldest ones). */
  @Column({ name: 'summarized_turns', type: 'integer', default: 0 })
  summarizedTurns: number;

  /** Question-and-answer turns recorded. */
  @Column({ name: 'turn_count', type: 'integer', default: 0 })
  turnCount: number;

  // Millisecond precision, so a page cursor (an ISO time) names a row exactly.
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
