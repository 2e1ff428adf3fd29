export { EvaluationCoreModule, EvaluationModule } from './evaluation.module';
export { EvaluationErrorCode, EvaluationException } from './evaluation.errors';
export { EvaluationDatasetEntity } from './datasets/evaluation-dataset.entity';
export { EvaluationDatasetItemEntity } from './datasets/evaluation-dataset-item.entity';
export { EvaluationRunEntity, type JudgeMode, type RunStatus } from './runs/evaluation-run.entity';
export { EvaluationRunItemEntity } from './runs/evaluation-run-item.entity';
export { METRIC_NAMES, type ItemScores, type Judge, type MetricName, type MetricScore } from './metrics/metric.types';
export type { MetricSummary, RunSummary } from './metrics/aggregate';
