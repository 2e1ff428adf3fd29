import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { WorkspaceRole } from '../principal/roles';
import { WorkspaceEntity } from './workspace.entity';

/** An invitation to register and join a workspace; only the sha256 of its token is stored. */
@Entity({ name: 'workspace_invitations' })
@Index('UQ_workspace_invitations_token_hash', ['tokenHash'], { unique: true })
@Index('IDX_workspace_invitations_workspace_id', ['workspaceId'])
@Check('CHK_workspace_invitations_role', `"role" IN ('owner', 'editor', 'viewer')`)
export class WorkspaceInvitationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId: string;

  @ManyToOne(() => WorkspaceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'workspace_id', foreignKeyConstraintName: 'FK_workspace_invitations_workspace_id' })
  workspace?: WorkspaceEntity;

  /** Lower-cased; registration with the invitation must use this address. */
  @Column({ type: 'varchar', length: 320 })
  email: string;

  @Column({ type: 'varchar', length: 16 })
  role: WorkspaceRole;

  @Column({ name: 'token_hash', type: 'char', length: 64 })
  tokenHash: string;

  /** Plain id, no foreign key: the invitation stays valid if its inviter's account goes. */
  @Column({ name: 'invited_by_user_id', type: 'uuid' })
  invitedByUserId: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'accepted_at', type: 'timestamptz', nullable: true })
  acceptedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
