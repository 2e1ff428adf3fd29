import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { UserEntity, WorkspaceEntity } from '@docqa/auth';

/** A workspace's own safety policy (see SafetyPolicy); a workspace without a row has the defaults. */
@Entity({ name: 'safety_policies' })
@Check('CHK_safety_policies_min_score', '"min_score" >= 0 AND "min_score" <= 1')
@Check('CHK_safety_policies_injection_threshold', '"injection_threshold" >= 0 AND "injection_threshold" <= 1')
@Check('CHK_safety_policies_llm_operator', `"llm_operator" IN ('mask', 'placeholder', 'hash', 'tokenize')`)
@Check('CHK_safety_policies_ingestion_operator', `"ingestion_operator" IN ('mask', 'placeholder', 'hash')`)
@Check('CHK_safety_policies_chunk_action', `"injection_chunk_action" IN ('log', 'downrank', 'block')`)
@Check('CHK_safety_policies_question_action', `"injection_question_action" IN ('log', 'block')`)
export class SafetyPolicyEntity {
  @PrimaryColumn({ name: 'workspace_id', type: 'uuid', primaryKeyConstraintName: 'PK_safety_policies' })
  workspaceId: string;

  @ManyToOne(() => WorkspaceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'workspace_id', foreignKeyConstraintName: 'FK_safety_policies_workspace_id' })
  workspace?: WorkspaceEntity;

  /** PII entity types looked for. */
  @Column({ type: 'varchar', length: 32, array: true })
  entities: string[];

  @Column({ name: 'min_score', type: 'double precision' })
  minScore: number;

  @Column({ name: 'phone_regions', type: 'varchar', length: 2, array: true })
  phoneRegions: string[];

  @Column({ name: 'llm_enabled', type: 'boolean' })
  llmEnabled: boolean;

  @Column({ name: 'llm_operator', type: 'varchar', length: 16 })
  llmOperator: string;

  @Column({ name: 'logs_enabled', type: 'boolean' })
  logsEnabled: boolean;

  @Column({ name: 'ingestion_enabled', type: 'boolean' })
  ingestionEnabled: boolean;

  @Column({ name: 'ingestion_operator', type: 'varchar', length: 16 })
  ingestionOperator: string;

  @Column({ name: 'injection_threshold', type: 'double precision' })
  injectionThreshold: number;

  @Column({ name: 'injection_chunk_action', type: 'varchar', length: 16 })
  injectionChunkAction: string;

  @Column({ name: 'injection_question_action', type: 'varchar', length: 16 })
  injectionQuestionAction: string;

  /** Set by platform admins: owners may read the policy but not change it. */
  @Column({ type: 'boolean', default: false })
  locked: boolean;

  @Column({ name: 'updated_by', type: 'uuid', nullable: true })
  updatedBy: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'updated_by', foreignKeyConstraintName: 'FK_safety_policies_updated_by' })
  updater?: UserEntity;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
