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
import { WorkspaceEntity } from '../workspaces/workspace.entity';
import type { ProviderName } from './provider-names';

/**
 * A workspace's own key for one LLM provider. The key itself is only stored sealed (`SecretBox`, bound to
 * the workspace and provider); `key_id` names the encryption key that sealed it, so a rotation can find
 * what is left to re-seal, and `key_hint` keeps the last characters that listings show.
 */
@Entity({ name: 'provider_keys' })
@Index('UQ_provider_keys_workspace_id_provider', ['workspaceId', 'provider'], { unique: true })
@Check(
  'CHK_provider_keys_provider',
  `"provider" IN ('groq', 'openai', 'anthropic', 'cohere', 'gemini', 'openai-compatible')`,
)
export class ProviderKeyEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_provider_keys' })
  id: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId: string;

  @ManyToOne(() => WorkspaceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'workspace_id', foreignKeyConstraintName: 'FK_provider_keys_workspace_id' })
  workspace?: WorkspaceEntity;

  @Column({ type: 'varchar', length: 32 })
  provider: ProviderName;

  /** `v1.<keyId>.<nonce>.<ciphertext>.<tag>`, see SecretBox. */
  @Column({ name: 'sealed_key', type: 'text' })
  sealedKey: string;

  @Column({ name: 'key_id', type: 'varchar', length: 16 })
  keyId: string;

  /** The last 4 characters of the key, or empty for keys too short to show any of. */
  @Column({ name: 'key_hint', type: 'varchar', length: 4 })
  keyHint: string;

  @Column({ name: 'base_url', type: 'varchar', length: 2048, nullable: true })
  baseUrl: string | null;

  /** Who set the key last (no foreign key: the row outlives its author's account). */
  @Column({ name: 'updated_by', type: 'uuid', nullable: true })
  updatedBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
