import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { AppConfig } from '@docqa/core';
import { CollectionEntity } from '@docqa/documents';
import { DEFAULT_MODELS, WorkspaceLlmSettingsEntity } from '@docqa/llm-router';
import type { Judge } from '../metrics/metric.types';

/** What a run was asked to do besides its dataset. */
export interface RunOptions {
  collectionIds?: string[];
  documentIds?: string[];
  /** The agent's LLM chain for this run (`provider` or `provider:model`), instead of the workspace's. */
  chain?: string[];
  /** The judge's LLM chain, instead of the workspace's. */
  judgeChain?: string[];
}

/**
 * The pipeline configuration a run evaluated, recorded when it starts, so two runs' scores can be read
 * against what changed between them.
 */
export interface PipelineSnapshot {
  /** The agent's LLM chain and where it came from (`default`: every provider with a key, then offline). */
  chain: { source: 'run' | 'workspace' | 'platform' | 'default'; steps: string[] };
  /** Models that served the run's answers (`provider:model`), filled in as items finish. */
  models: string[];
  judge: { mode: string; used: Judge; chain: string[] | null; servedBy: string | null; reason?: string };
  /** The collections searched, each with the embedder its vectors come from. */
  collections: { id: string; name: string; embedderId: string; dimension: number }[];
  scope: { collectionIds: string[] | null; documentIds: string[] | null };
  embeddings: { provider: string; model: string | null };
  retrieval: {
    hnswEfSearch: number;
    bm25: { k1: number; b: number };
    rrfK: number;
    candidates: number;
    exactScanLimit: number;
    rerank: { provider: string; model: string | null; topN: number; timeoutMs: number };
  };
  chunking: { parentTokens: number; childTokens: number; childOverlapTokens: number };
}

function describeStep(entry: string): string {
  return entry.includes(':') ? entry : `${entry}:${DEFAULT_MODELS[entry as keyof typeof DEFAULT_MODELS] ?? '?'}`;
}

/** Reads the configuration a run is about to evaluate. */
@Injectable()
export class PipelineSnapshots {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  async take(workspaceId: string, options: RunOptions, judge: PipelineSnapshot['judge']): Promise<PipelineSnapshot> {
    const { retrieval, embeddings, ingestion } = this.config;
    return {
      chain: await this.chain(workspaceId, options),
      models: [],
      judge,
      collections: await this.collections(workspaceId, options.collectionIds),
      scope: { collectionIds: options.collectionIds ?? null, documentIds: options.documentIds ?? null },
      embeddings: { provider: embeddings.provider, model: embeddings.model ?? null },
      retrieval: {
        hnswEfSearch: retrieval.hnswEfSearch,
        bm25: { ...retrieval.bm25 },
        rrfK: retrieval.rrfK,
        candidates: retrieval.candidates,
        exactScanLimit: retrieval.exactScanLimit,
        rerank: {
          provider: retrieval.rerank.provider,
          model: retrieval.rerank.model ?? null,
          topN: retrieval.rerank.topN,
          timeoutMs: retrieval.rerank.timeoutMs,
        },
      },
      chunking: { ...ingestion.chunking },
    };
  }

  private async chain(workspaceId: string, options: RunOptions): Promise<PipelineSnapshot['chain']> {
    if (options.chain?.length) return { source: 'run', steps: options.chain.map(describeStep) };
    const own = await this.dataSource.manager.findOneBy(WorkspaceLlmSettingsEntity, { workspaceId });
    if (own?.chain?.length) return { source: 'workspace', steps: own.chain.map(describeStep) };
    const platform = this.config.llm.chain;
    if (platform?.length) {
      return {
        source: 'platform',
        steps: platform.map((s) => describeStep(s.model ? `${s.provider}:${s.model}` : s.provider)),
      };
    }
    return { source: 'default', steps: [] };
  }

  private async collections(workspaceId: string, ids: string[] | undefined): Promise<PipelineSnapshot['collections']> {
    const rows = await this.dataSource.manager.find(CollectionEntity, {
      where: ids?.length ? { workspaceId, id: In(ids) } : { workspaceId },
      order: { createdAt: 'ASC' },
    });
    return rows.map((c) => ({ id: c.id, name: c.name, embedderId: c.embedderId, dimension: c.embeddingDimension }));
  }
}
