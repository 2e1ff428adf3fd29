import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { WorkspaceEntity } from '@docqa/auth';
import { NUMERIC_AS_NUMBER } from './numeric-transformer';

export const USAGE_OUTCOMES = ['ok', 'interrupted', 'cancelled', 'failed'] as const;
/**
 * `ok`: answered. `interrupted`: the provider failed after the answer had started (partial usage).
 * `cancelled`: the caller went away. `failed`: every provider failed before a first token.
 */
export type UsageOutcome = (typeof USAGE_OUTCOMES)[number];

/**
 * One row per LLM router call: who made it, which provider and model served it with whose key, the tokens
 * and their cost, how long it took and how it ended. Rows are never updated.
 */
@Entity({ name: 'llm_usage' })
@Index('IDX_llm_usage_workspace_id_created_at', ['workspaceId', 'createdAt'])
@Check('CHK_llm_usage_outcome', `"outcome" IN ('ok', 'interrupted', 'cancelled', 'failed')`)
@Check('CHK_llm_usage_key_source', `"key_source" IN ('workspace', 'platform', 'none')`)
export class LlmUsageEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_llm_usage' })
  id: string;

  /** When the call started. */
  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId: string;

  @ManyToOne(() => WorkspaceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'workspace_id', foreignKeyConstraintName: 'FK_llm_usage_workspace_id' })
  workspace?: WorkspaceEntity;

  /** No foreign keys to users and API keys: usage is kept for accounting after they are gone. */
  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId: string | null;

  @Column({ name: 'api_key_id', type: 'uuid', nullable: true })
  apiKeyId: string | null;

  @Column({ type: 'varchar', length: 32 })
  provider: string;

  @Column({ type: 'varchar', length: 200 })
  model: string;

  @Column({ name: 'key_source', type: 'varchar', length: 16 })
  keySource: string;

  @Column({ type: 'varchar', length: 16 })
  outcome: UsageOutcome;

  @Column({ name: 'error_code', type: 'varchar', length: 64, nullable: true })
  errorCode: string | null;

  @Column({ name: 'input_tokens', type: 'integer' })
  inputTokens: number;

  @Column({ name: 'output_tokens', type: 'integer' })
  outputTokens: number;

  /** The provider reported no usage: the token counts were estimated from the text. */
  @Column({ name: 'tokens_estimated', type: 'boolean' })
  tokensEstimated: boolean;

  @Column({ name: 'cost_usd', type: 'numeric', precision: 18, scale: 8, transformer: NUMERIC_AS_NUMBER })
  costUsd: number;

  /** False when the model has no price (its cost is then 0). */
  @Column({ type: 'boolean' })
  priced: boolean;

  @Column({ name: 'latency_ms', type: 'integer' })
  latencyMs: number;

  @Column({ name: 'time_to_first_token_ms', type: 'integer', nullable: true })
  timeToFirstTokenMs: number | null;

  /** Provider calls the router made for this call, retries and failovers included. */
  @Column({ type: 'integer' })
  attempts: number;

  @Column({ name: 'request_id', type: 'varchar', length: 128, nullable: true })
  requestId: string | null;
}
