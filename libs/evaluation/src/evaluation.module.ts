import { Module } from '@nestjs/common';
import { AgentCoreModule } from '@docqa/agent';
import { AuthModule } from '@docqa/auth';
import { LlmRouterCoreModule } from '@docqa/llm-router';
import { MetricProvidersModule } from '@docqa/metrics';
import { SafetyCoreModule } from '@docqa/safety';
import { DatasetsController } from './datasets/datasets.controller';
import { DatasetsService } from './datasets/datasets.service';
import { EvaluationMetrics } from './evaluation-metrics';
import { EvaluateProcessor } from './runs/evaluate.processor';
import { ItemEvaluator } from './runs/item-evaluator';
import { PipelineSnapshots } from './runs/pipeline-snapshot';
import { RunsController } from './runs/runs.controller';
import { RunsService } from './runs/runs.service';

/**
 * The `evaluate` job handler and what it uses, without HTTP routes. Imported by the worker, and by the API,
 * which runs the jobs itself in embedded mode (the job queue decides which process runs them).
 */
@Module({
  imports: [AgentCoreModule, LlmRouterCoreModule, SafetyCoreModule, MetricProvidersModule],
  providers: [EvaluationMetrics, PipelineSnapshots, ItemEvaluator, EvaluateProcessor],
  exports: [EvaluationMetrics],
})
export class EvaluationCoreModule {}

/** The evaluation API: `/evaluation/datasets` and `/evaluation/runs`, with the job handler. For the api app. */
@Module({
  imports: [EvaluationCoreModule, AuthModule],
  controllers: [DatasetsController, RunsController],
  providers: [DatasetsService, RunsService],
})
export class EvaluationModule {}
