import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { UserEntity, WorkspaceEntity } from '@docqa/auth';
import { EvaluationDatasetEntity } from '../datasets/evaluation-dataset.entity';
import type { RunSummary } from '../metrics/aggregate';
import type { Judge } from '../metrics/metric.types';
import type { PipelineSnapshot, RunOptions } from './pipeline-snapshot';

export const RUN_STATUSES = ['queued', 'running', 'completed', 'failed'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const JUDGE_MODES = ['auto', 'llm', 'offline'] as const;
/** `auto`: an LLM judge when a hosted model serves the workspace, else offline. */
export type JudgeMode = (typeof JUDGE_MODES)[number];

/** One evaluation of a dataset over the pipeline as it was configured when the run started. */
@Entity({ name: 'evaluation_runs' })
@Index('IDX_evaluation_runs_workspace_id_created_at', ['workspaceId', 'createdAt'])
@Index('IDX_evaluation_runs_dataset_id', ['datasetId'])
@Check('CHK_evaluation_runs_status', `"status" IN ('queued', 'running', 'completed', 'failed')`)
@Check('CHK_evaluation_runs_judge_mode', `"judge_mode" IN ('auto', 'llm', 'offline')`)
@Check('CHK_evaluation_runs_judge', `"judge" IS NULL OR "judge" IN ('llm', 'offline')`)
export class EvaluationRunEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_evaluation_runs' })
  id: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId: string;

  @ManyToOne(() => WorkspaceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'workspace_id', foreignKeyConstraintName: 'FK_evaluation_runs_workspace_id' })
  workspace?: WorkspaceEntity;

  /** Null once the dataset is deleted: the run keeps its results (items copy their questions). */
  @Column({ name: 'dataset_id', type: 'uuid', nullable: true })
  datasetId: string | null;

  @ManyToOne(() => EvaluationDatasetEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'dataset_id', foreignKeyConstraintName: 'FK_evaluation_runs_dataset_id' })
  dataset?: EvaluationDatasetEntity;

  @Column({ name: 'dataset_name', type: 'varchar', length: 200 })
  datasetName: string;

  @Column({ type: 'varchar', length: 16, default: 'queued' })
  status: RunStatus;

  @Column({ name: 'judge_mode', type: 'varchar', length: 16 })
  judgeMode: JudgeMode;

  /** How the run judges, decided when it starts. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  judge: Judge | null;

  @Column({ type: 'jsonb' })
  options: RunOptions;

  /** The pipeline configuration the run evaluated (chain, embedders, retrieval settings...). */
  @Column({ type: 'jsonb', nullable: true })
  config: PipelineSnapshot | null;

  @Column({ name: 'item_count', type: 'integer' })
  itemCount: number;

  @Column({ name: 'items_done', type: 'integer', default: 0 })
  itemsDone: number;

  /** Items on which the pipeline failed (they score 0 where a metric applies). */
  @Column({ name: 'items_failed', type: 'integer', default: 0 })
  itemsFailed: number;

  @Column({ type: 'jsonb', nullable: true })
  summary: RunSummary | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'FK_evaluation_runs_created_by' })
  creator?: UserEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}
