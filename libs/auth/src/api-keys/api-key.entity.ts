import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { AccessScope } from '../principal/roles';
import { UserEntity } from '../users/user.entity';
import { WorkspaceEntity } from '../workspaces/workspace.entity';

/**
 * An API key of a user in one workspace. Only the SHA-256 of the key is stored: the key is 32 random bytes,
 * so a fast hash is as strong as a slow one, and verifying costs one lookup by the public id.
 */
@Entity({ name: 'api_keys' })
@Index('UQ_api_keys_public_id', ['publicId'], { unique: true })
@Index('IDX_api_keys_workspace_id_user_id', ['workspaceId', 'userId'])
@Index('IDX_api_keys_user_id', ['userId'])
@Check('CHK_api_keys_scopes', `"scopes" <@ ARRAY['read', 'write', 'admin']::text[] AND cardinality("scopes") > 0`)
export class ApiKeyEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_api_keys' })
  id: string;

  /** The 8 characters after `dq_` that identify the key in listings and logs; not a secret. */
  @Column({ name: 'public_id', type: 'varchar', length: 8 })
  publicId: string;

  /** SHA-256 of the whole key, hex. */
  @Column({ name: 'secret_hash', type: 'varchar', length: 64 })
  secretHash: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'text', array: true })
  scopes: AccessScope[];

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_api_keys_user_id' })
  user?: UserEntity;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId: string;

  @ManyToOne(() => WorkspaceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'workspace_id', foreignKeyConstraintName: 'FK_api_keys_workspace_id' })
  workspace?: WorkspaceEntity;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  /** Updated at most once a minute per key, so that authenticating is not a write per request. */
  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
