import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { EvaluationDatasetEntity } from './evaluation-dataset.entity';

/** One question of a dataset, in upload order. */
@Entity({ name: 'evaluation_dataset_items' })
export class EvaluationDatasetItemEntity {
  @PrimaryColumn({ name: 'dataset_id', type: 'uuid', primaryKeyConstraintName: 'PK_evaluation_dataset_items' })
  datasetId: string;

  @ManyToOne(() => EvaluationDatasetEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'dataset_id', foreignKeyConstraintName: 'FK_evaluation_dataset_items_dataset_id' })
  dataset?: EvaluationDatasetEntity;

  /** 1-based order in the dataset. */
  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'PK_evaluation_dataset_items' })
  position: number;

  /** The line of the uploaded JSONL it came from (1-based), for messages that point back at the file. */
  @Column({ type: 'integer' })
  line: number;

  @Column({ type: 'text' })
  question: string;

  @Column({ name: 'ground_truth', type: 'text' })
  groundTruth: string;

  /** Null: none given. Empty: the documents hold no answer (an unanswerable item). */
  @Column({ name: 'reference_contexts', type: 'jsonb', nullable: true })
  referenceContexts: string[] | null;
}
