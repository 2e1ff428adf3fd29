import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AskCaller } from '@docqa/agent';
import { JobContext, JobHandler, JobName, JobProcessor, UnrecoverableJobError } from '@docqa/core';
import { LlmRouter } from '@docqa/llm-router';
import { PiiService } from '@docqa/safety';
import { EvaluationDatasetItemEntity } from '../datasets/evaluation-dataset-item.entity';
import { EvaluationMetrics } from '../evaluation-metrics';
import { summarize } from '../metrics/aggregate';
import type { ItemScores } from '../metrics/metric.types';
import { RouterJudge } from '../metrics/router-judge';
import { EvaluationRunItemEntity } from './evaluation-run-item.entity';
import { EvaluationRunEntity } from './evaluation-run.entity';
import { ItemEvaluator } from './item-evaluator';
import { PipelineSnapshots } from './pipeline-snapshot';

/**
 * The `evaluate` job: asks the agent every question of the run's dataset and scores each answer, storing
 * each item's result as soon as it is scored. A run cut off (a process stopped or died) resumes after the
 * last stored item; the judge and the recorded configuration are decided once, when the run first starts.
 */
@Injectable()
@JobHandler(JobName.Evaluate)
export class EvaluateProcessor implements JobProcessor<JobName.Evaluate> {
  private readonly logger = new Logger('Evaluation');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly router: LlmRouter,
    private readonly pii: PiiService,
    private readonly snapshots: PipelineSnapshots,
    private readonly evaluator: ItemEvaluator,
    private readonly metrics: EvaluationMetrics,
  ) {}

  async handle(ctx: JobContext<JobName.Evaluate>): Promise<void> {
    const { runId, workspaceId } = ctx.payload;
    const manager = this.dataSource.manager;
    let run = await manager.findOneBy(EvaluationRunEntity, { id: runId, workspaceId });
    if (!run || run.status === 'completed' || run.status === 'failed') return; // deleted, or already finished
    if (!run.datasetId) throw new UnrecoverableJobError('the dataset was deleted before the run could finish');
    const items = await manager.find(EvaluationDatasetItemEntity, {
      where: { datasetId: run.datasetId },
      order: { position: 'ASC' },
    });
    run = await this.start(run, ctx.signal);
    const caller: AskCaller = { workspaceId, ...(run.createdBy ? { userId: run.createdBy } : {}) };
    const stored = await manager.find(EvaluationRunItemEntity, {
      select: { position: true },
      where: { runId: run.id },
    });
    const done = new Set(stored.map((s) => s.position));
    const models = new Set(run.config?.models ?? []);

    for (const item of items) {
      if (done.has(item.position)) continue;
      ctx.signal.throwIfAborted();
      const judge = run.judge === 'llm' ? await this.judgeFor(run, ctx.signal) : undefined;
      const { models: served, ...result } = await this.evaluator.evaluate(item, caller, run.options, judge, ctx.signal);
      served.forEach((m) => models.add(m));
      await this.dataSource.transaction(async (tx) => {
        await tx
          .createQueryBuilder()
          .insert()
          .into(EvaluationRunItemEntity)
          .values({ ...result, runId: run!.id })
          .orIgnore()
          .execute();
        await tx.update(
          EvaluationRunEntity,
          { id: run!.id },
          {
            itemsDone: () => 'items_done + 1',
            ...(result.error ? { itemsFailed: () => 'items_failed + 1' } : {}),
            config: { ...run!.config!, models: [...models].sort() },
          },
        );
      });
      run.config = { ...run.config!, models: [...models].sort() };
    }
    await this.finish(run);
  }

  async onFailed(ctx: JobContext<JobName.Evaluate>, error: unknown): Promise<void> {
    const { runId, workspaceId } = ctx.payload;
    const run = await this.dataSource.manager.findOneBy(EvaluationRunEntity, { id: runId, workspaceId });
    if (!run || run.status === 'completed') return;
    const message = error instanceof Error ? error.message : String(error);
    await this.dataSource.manager.update(
      EvaluationRunEntity,
      { id: run.id },
      { status: 'failed', error: message.slice(0, 2000), finishedAt: new Date() },
    );
    this.metrics.runFailed(run.judge);
    this.logger.warn({ runId: run.id, workspaceId }, `evaluation run failed: ${message}`);
  }

  /** Marks the run running; on its first start, decides the judge and records the configuration. */
  private async start(run: EvaluationRunEntity, signal: AbortSignal): Promise<EvaluationRunEntity> {
    if (run.judge && run.config) {
      if (run.status !== 'running')
        await this.dataSource.manager.update(EvaluationRunEntity, { id: run.id }, { status: 'running' });
      return { ...run, status: 'running' };
    }
    let judge: { used: 'llm' | 'offline'; servedBy: string | null; reason?: string };
    if (run.judgeMode === 'offline') {
      judge = { used: 'offline', servedBy: null, reason: 'the run asked for the offline metrics' };
    } else {
      const probe = await new RouterJudge(this.router, this.callContext(run, signal)).probe();
      if (!probe.available && run.judgeMode === 'llm') {
        throw new UnrecoverableJobError(`the run asked for an LLM judge, but ${probe.reason ?? 'none answered'}`);
      }
      judge = probe.available
        ? { used: 'llm', servedBy: probe.servedBy }
        : { used: 'offline', servedBy: null, reason: probe.reason };
    }
    const config = await this.snapshots.take(run.workspaceId, run.options, {
      mode: run.judgeMode,
      chain: run.options.judgeChain ?? null,
      ...judge,
    });
    const started = { status: 'running' as const, judge: judge.used, config, startedAt: new Date() };
    await this.dataSource.manager.update(EvaluationRunEntity, { id: run.id }, started);
    this.logger.log(
      { runId: run.id, workspaceId: run.workspaceId, items: run.itemCount, judge: judge.used },
      'evaluation run started',
    );
    return { ...run, ...started };
  }

  /** A judge per item: its redactor keeps one item's PII tokens consistent across that item's prompts. */
  private async judgeFor(run: EvaluationRunEntity, signal: AbortSignal): Promise<RouterJudge> {
    return new RouterJudge(this.router, this.callContext(run, signal), await this.pii.redactorFor(run.workspaceId));
  }

  private callContext(run: EvaluationRunEntity, signal: AbortSignal) {
    return {
      workspaceId: run.workspaceId,
      ...(run.createdBy ? { userId: run.createdBy } : {}),
      ...(run.options.judgeChain ? { chain: run.options.judgeChain } : {}),
      signal,
    };
  }

  private async finish(run: EvaluationRunEntity): Promise<void> {
    const rows = await this.dataSource.manager.find(EvaluationRunItemEntity, {
      select: { scores: true, error: true },
      where: { runId: run.id },
    });
    const summary = summarize(rows.map((r) => r.scores as ItemScores));
    const failed = rows.filter((r) => r.error).length;
    await this.dataSource.manager.update(
      EvaluationRunEntity,
      { id: run.id },
      { status: 'completed', summary, itemsDone: rows.length, itemsFailed: failed, finishedAt: new Date() },
    );
    this.metrics.runCompleted(run.datasetId, run.judge ?? 'offline', summary);
    this.logger.log(
      {
        runId: run.id,
        workspaceId: run.workspaceId,
        items: rows.length,
        failed,
        ...Object.fromEntries(Object.entries(summary).map(([k, v]) => [k, v.mean])),
      },
      'evaluation run completed',
    );
  }
}
