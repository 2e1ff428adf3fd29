import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { ItemScores } from '../metrics/metric.types';
import { EvaluationRunEntity } from './evaluation-run.entity';

export interface StoredContext {
  chunkId: string;
  documentId: string;
  text: string;
}

export interface StoredCitation {
  n: number;
  chunkId: string;
  documentId: string;
  /** The sentence of the answer the citation ends. */
  sentence: string;
}

/**
 * The result of one dataset item in a run: what the pipeline answered and retrieved, and every metric's
 * score. The question and reference are copied so a run stays readable after its dataset is deleted.
 */
@Entity({ name: 'evaluation_run_items' })
export class EvaluationRunItemEntity {
  @PrimaryColumn({ name: 'run_id', type: 'uuid', primaryKeyConstraintName: 'PK_evaluation_run_items' })
  runId: string;

  @ManyToOne(() => EvaluationRunEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'run_id', foreignKeyConstraintName: 'FK_evaluation_run_items_run_id' })
  run?: EvaluationRunEntity;

  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'PK_evaluation_run_items' })
  position: number;

  @Column({ type: 'text' })
  question: string;

  @Column({ name: 'ground_truth', type: 'text' })
  groundTruth: string;

  @Column({ name: 'reference_contexts', type: 'jsonb', nullable: true })
  referenceContexts: string[] | null;

  @Column({ type: 'text' })
  answer: string;

  /** The agent's outcome, or `error` when it failed on the item. */
  @Column({ type: 'varchar', length: 32 })
  outcome: string;

  @Column({ type: 'jsonb' })
  contexts: StoredContext[];

  @Column({ type: 'jsonb' })
  citations: StoredCitation[];

  @Column({ type: 'jsonb' })
  scores: ItemScores;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ name: 'latency_ms', type: 'integer' })
  latencyMs: number;

  /** Tokens and cost of the item's LLM calls (the answer's; the judge's are in the usage report). */
  @Column({ type: 'jsonb', nullable: true })
  usage: { inputTokens: number; outputTokens: number; costUsd: number; llmCalls: number } | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
