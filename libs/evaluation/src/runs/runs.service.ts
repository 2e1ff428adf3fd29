import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { RequestPrincipal } from '@docqa/auth';
import { JobName, JobQueue, parseLlmChainStep } from '@docqa/core';
import { CollectionEntity, DocumentEntity } from '@docqa/documents';
import { DatasetsService } from '../datasets/datasets.service';
import { EvaluationErrorCode, EvaluationException } from '../evaluation.errors';
import { METRIC_NAMES } from '../metrics/metric.types';
import { EvaluationRunItemEntity } from './evaluation-run-item.entity';
import { EvaluationRunEntity } from './evaluation-run.entity';
import type { RunOptions } from './pipeline-snapshot';
import type {
  CreateRunDto,
  ListRunsQueryDto,
  RunComparisonDto,
  RunDto,
  RunItemDto,
  RunItemPageDto,
  RunItemsQueryDto,
  RunSummaryDto,
} from './run.dto';
import { configChanges, itemChanges, metricDeltas } from './run-comparison';

/** jsonb keeps keys in its own order; answers list the metrics in the order they are documented. */
function inMetricOrder<T>(byMetric: Record<string, T>): Record<(typeof METRIC_NAMES)[number], T> {
  return Object.fromEntries(METRIC_NAMES.map((name) => [name, byMetric[name]])) as Record<
    (typeof METRIC_NAMES)[number],
    T
  >;
}

function notFound(): EvaluationException {
  return new EvaluationException(EvaluationErrorCode.RunNotFound, 'evaluation run not found');
}

/** Evaluation runs over HTTP: start one (a job), read them with their items, compare them, delete them. */
@Injectable()
export class RunsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly datasets: DatasetsService,
    private readonly jobs: JobQueue,
  ) {}

  async create(principal: RequestPrincipal, dto: CreateRunDto): Promise<RunDto> {
    const dataset = await this.datasets.find(principal.workspaceId, dto.datasetId);
    await this.checkScope(principal.workspaceId, dto);
    for (const [field, chain] of [
      ['chain', dto.chain],
      ['judgeChain', dto.judgeChain],
    ] as const) {
      const bad = chain?.find((entry) => !parseLlmChainStep(entry));
      if (bad !== undefined) {
        throw new EvaluationException(
          EvaluationErrorCode.InvalidRun,
          `${field} entry ${JSON.stringify(bad)} is not valid: write provider or provider:model`,
        );
      }
    }
    const options: RunOptions = {
      ...(dto.collectionIds?.length ? { collectionIds: dto.collectionIds } : {}),
      ...(dto.documentIds?.length ? { documentIds: dto.documentIds } : {}),
      ...(dto.chain ? { chain: dto.chain } : {}),
      ...(dto.judgeChain ? { judgeChain: dto.judgeChain } : {}),
    };
    const run = await this.dataSource.manager.save(
      this.dataSource.manager.create(EvaluationRunEntity, {
        workspaceId: principal.workspaceId,
        datasetId: dataset.id,
        datasetName: dataset.name,
        status: 'queued',
        judgeMode: dto.judge ?? 'auto',
        judge: null,
        options,
        config: null,
        itemCount: dataset.itemCount,
        itemsDone: 0,
        itemsFailed: 0,
        summary: null,
        error: null,
        createdBy: principal.userId,
        startedAt: null,
        finishedAt: null,
      }),
    );
    await this.jobs.enqueue(
      JobName.Evaluate,
      { workspaceId: run.workspaceId, runId: run.id },
      { dedupeKey: `evaluate:${run.id}` },
    );
    return this.toDto(run);
  }

  async list(principal: RequestPrincipal, query: ListRunsQueryDto): Promise<RunDto[]> {
    const rows = await this.dataSource.manager.find(EvaluationRunEntity, {
      where: { workspaceId: principal.workspaceId, ...(query.datasetId ? { datasetId: query.datasetId } : {}) },
      order: { createdAt: 'DESC', id: 'DESC' },
      take: query.limit ?? 50,
    });
    return rows.map((r) => this.toDto(r));
  }

  async get(principal: RequestPrincipal, id: string): Promise<RunDto> {
    return this.toDto(await this.find(principal.workspaceId, id));
  }

  async items(principal: RequestPrincipal, id: string, query: RunItemsQueryDto): Promise<RunItemPageDto> {
    const run = await this.find(principal.workspaceId, id);
    const [rows, total] = await this.dataSource.manager.findAndCount(EvaluationRunItemEntity, {
      where: { runId: run.id },
      order: { position: 'ASC' },
      skip: query.offset ?? 0,
      take: query.limit ?? 100,
    });
    return { items: rows.map((r) => this.toItemDto(r)), total };
  }

  /** Per-metric deltas against the first run, the settings that changed, and (same dataset) the items that moved. */
  async compare(principal: RequestPrincipal, ids: string[]): Promise<RunComparisonDto> {
    if (new Set(ids).size !== ids.length) {
      throw new EvaluationException(EvaluationErrorCode.InvalidComparison, 'ids names a run more than once');
    }
    const rows = await this.dataSource.manager.findBy(EvaluationRunEntity, {
      id: In(ids),
      workspaceId: principal.workspaceId,
    });
    const runs = ids.map((id) => rows.find((r) => r.id === id));
    if (runs.some((r) => !r)) throw notFound();
    const found = runs as EvaluationRunEntity[];
    const sameDataset = found.every((r) => r.datasetId !== null && r.datasetId === found[0].datasetId);
    const itemsByRun = sameDataset
      ? await Promise.all(
          found.map((r) =>
            this.dataSource.manager.find(EvaluationRunItemEntity, {
              select: { position: true, question: true, scores: true },
              where: { runId: r.id },
              order: { position: 'ASC' },
            }),
          ),
        )
      : [];
    return {
      runs: found.map((r) => ({
        id: r.id,
        datasetId: r.datasetId,
        datasetName: r.datasetName,
        status: r.status,
        judge: r.judge,
        createdAt: r.createdAt,
      })),
      sameDataset,
      metrics: metricDeltas(found),
      configChanges: configChanges(found),
      items: itemChanges(itemsByRun),
    };
  }

  /** Deletes a finished run with its items; 409 while it is queued or running. */
  async delete(principal: RequestPrincipal, id: string): Promise<void> {
    const run = await this.find(principal.workspaceId, id);
    if (run.status === 'queued' || run.status === 'running') {
      throw new EvaluationException(EvaluationErrorCode.RunInProgress, 'the run is still queued or running');
    }
    await this.dataSource.manager.delete(EvaluationRunEntity, { id: run.id });
  }

  private async find(workspaceId: string, id: string): Promise<EvaluationRunEntity> {
    const row = await this.dataSource.manager.findOneBy(EvaluationRunEntity, { id, workspaceId });
    if (!row) throw notFound();
    return row;
  }

  private async checkScope(workspaceId: string, dto: CreateRunDto): Promise<void> {
    const unique = (ids: string[] | undefined) => [...new Set(ids ?? [])];
    const collections = unique(dto.collectionIds);
    if (collections.length) {
      const n = await this.dataSource.manager.countBy(CollectionEntity, { workspaceId, id: In(collections) });
      if (n !== collections.length) {
        throw new EvaluationException(EvaluationErrorCode.ScopeNotFound, 'collection not found');
      }
    }
    const documents = unique(dto.documentIds);
    if (documents.length) {
      const n = await this.dataSource.manager.countBy(DocumentEntity, { workspaceId, id: In(documents) });
      if (n !== documents.length) {
        throw new EvaluationException(EvaluationErrorCode.ScopeNotFound, 'document not found');
      }
    }
  }

  private toDto(r: EvaluationRunEntity): RunDto {
    return {
      id: r.id,
      datasetId: r.datasetId,
      datasetName: r.datasetName,
      status: r.status,
      judgeMode: r.judgeMode,
      judge: r.judge,
      options: { ...r.options },
      config: r.config ? { ...r.config } : null,
      progress: { done: r.itemsDone, total: r.itemCount, failed: r.itemsFailed },
      summary: r.summary ? (inMetricOrder(r.summary) as RunSummaryDto) : null,
      error: r.error,
      createdBy: r.createdBy,
      createdAt: r.createdAt,
      startedAt: r.startedAt,
      finishedAt: r.finishedAt,
    };
  }

  private toItemDto(r: EvaluationRunItemEntity): RunItemDto {
    return {
      position: r.position,
      question: r.question,
      groundTruth: r.groundTruth,
      ...(r.referenceContexts ? { referenceContexts: r.referenceContexts } : {}),
      answer: r.answer,
      outcome: r.outcome,
      contexts: r.contexts,
      citations: r.citations,
      scores: inMetricOrder(r.scores),
      error: r.error,
      latencyMs: r.latencyMs,
    };
  }
}
