import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One security event. Actor and workspace are plain ids without foreign keys: the trail must outlive the
 * users and workspaces it mentions. The bigint id orders events and is the pagination cursor.
 */
@Entity({ name: 'audit_events' })
@Index('IDX_audit_events_created_at', ['createdAt'])
@Index('IDX_audit_events_type_id', ['type', 'id'])
@Index('IDX_audit_events_actor_user_id_id', ['actorUserId', 'id'])
@Index('IDX_audit_events_workspace_id_id', ['workspaceId', 'id'])
@Index('IDX_audit_events_target_id_id', ['targetId', 'id'])
export class AuditEventEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ type: 'varchar', length: 64 })
  type: string;

  @Column({ name: 'actor_user_id', type: 'uuid', nullable: true })
  actorUserId: string | null;

  @Column({ name: 'workspace_id', type: 'uuid', nullable: true })
  workspaceId: string | null;

  /** What the event acted on, when that is not just the workspace: `user`, `workspace`, `queue`, `collection`... */
  @Column({ name: 'target_type', type: 'varchar', length: 32, nullable: true })
  targetType: string | null;

  @Column({ name: 'target_id', type: 'varchar', length: 128, nullable: true })
  targetId: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;

  @Column({ name: 'request_id', type: 'varchar', length: 128, nullable: true })
  requestId: string | null;

  @Column({ type: 'jsonb' })
  details: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
