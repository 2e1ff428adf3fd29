import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { WorkspaceRole } from '../principal/roles';
import { UserEntity } from '../users/user.entity';
import { WorkspaceEntity } from './workspace.entity';

/** Membership of a user in a workspace, with its role there. */
@Entity({ name: 'workspace_members' })
@Index('IDX_workspace_members_user_id', ['userId'])
@Check('CHK_workspace_members_role', `"role" IN ('owner', 'editor', 'viewer')`)
export class WorkspaceMemberEntity {
  @PrimaryColumn({ name: 'workspace_id', type: 'uuid', primaryKeyConstraintName: 'PK_workspace_members' })
  workspaceId: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid', primaryKeyConstraintName: 'PK_workspace_members' })
  userId: string;

  @Column({ type: 'varchar', length: 16 })
  role: WorkspaceRole;

  @ManyToOne(() => WorkspaceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'workspace_id', foreignKeyConstraintName: 'FK_workspace_members_workspace_id' })
  workspace?: WorkspaceEntity;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_workspace_members_user_id' })
  user?: UserEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
