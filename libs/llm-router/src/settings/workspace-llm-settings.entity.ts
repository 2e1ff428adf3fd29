import { Check, Column, Entity, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { WorkspaceEntity } from '@docqa/auth';
import { NUMERIC_AS_NUMBER } from '../usage/numeric-transformer';

/**
 * A workspace's own LLM settings: its fallback chain (set by its owners) and its monthly budget (set by
 * platform admins). No row, or NULL in a column, means the platform's default.
 */
@Entity({ name: 'workspace_llm_settings' })
@Check('CHK_workspace_llm_settings_monthly_budget_usd', `"monthly_budget_usd" IS NULL OR "monthly_budget_usd" >= 0`)
export class WorkspaceLlmSettingsEntity {
  @PrimaryColumn({ name: 'workspace_id', type: 'uuid', primaryKeyConstraintName: 'PK_workspace_llm_settings' })
  workspaceId: string;

  @OneToOne(() => WorkspaceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'workspace_id', foreignKeyConstraintName: 'FK_workspace_llm_settings_workspace_id' })
  workspace?: WorkspaceEntity;

  /** `provider` or `provider:model` entries, tried in order. */
  @Column({ type: 'text', array: true, nullable: true })
  chain: string[] | null;

  @Column({
    name: 'monthly_budget_usd',
    type: 'numeric',
    precision: 12,
    scale: 2,
    nullable: true,
    transformer: NUMERIC_AS_NUMBER,
  })
  monthlyBudgetUsd: number | null;

  /** Who changed the settings last (no foreign key: the row outlives its author's account). */
  @Column({ name: 'updated_by', type: 'uuid', nullable: true })
  updatedBy: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
