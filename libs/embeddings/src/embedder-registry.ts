import { performance } from 'node:perf_hooks';
import type { AppConfig } from '@docqa/core';
import type { Embedder } from './embedder';
import { embedderId, parseEmbedderId, type ParsedEmbedderId } from './embedder-id';
import { EmbeddingsErrorCode, EmbeddingsException } from './embeddings.errors';
import { CohereEmbedder, DEFAULT_COHERE_MODEL } from './hosted/cohere.embedder';
import type { HostedEmbedderOptions } from './hosted/hosted-options';
import { DEFAULT_OPENAI_MODEL, OpenAiEmbedder } from './hosted/openai.embedder';
import { DEFAULT_LOCAL_MODEL, LocalTransformersEmbedder } from './local/local-transformers.embedder';
import { OFFLINE_EMBEDDER_ID, OfflineEmbedder } from './offline/offline.embedder';

export interface EmbedderRegistryOptions {
  /** How long a failed load (model missing, probe failed) is remembered before the next request tries again. */
  failedLoadRetryMs?: number;
  hosted?: Pick<HostedEmbedderOptions, 'maxRetries' | 'timeoutMs'>;
  now?: () => number;
}

interface Entry {
  promise: Promise<Embedder>;
  embedder?: Embedder;
  failedAt?: number;
}

/** The id a deployment's configuration names (before any fallback). */
export function configuredEmbedderId(embeddings: AppConfig['embeddings']): string {
  switch (embeddings.provider) {
    case 'offline':
      return OFFLINE_EMBEDDER_ID;
    case 'local':
      return `local:${embeddings.model ?? DEFAULT_LOCAL_MODEL}`;
    case 'openai':
      return `openai:${embeddings.model ?? DEFAULT_OPENAI_MODEL}`;
    case 'cohere':
      return `cohere:${embeddings.model ?? DEFAULT_COHERE_MODEL}`;
  }
}

/**
 * Embedders by id, each created once per process: a local model is loaded on its first request and kept;
 * a failed load is remembered for a while (one failure does not cost a disk scan per request), then retried,
 * so a model copied into MODELS_DIR later is picked up without a restart.
 */
export class EmbedderRegistry {
  private readonly entries = new Map<string, Entry>();
  private readonly failedLoadRetryMs: number;
  private readonly now: () => number;

  constructor(
    private readonly config: Pick<AppConfig, 'embeddings' | 'providers'>,
    private readonly options: EmbedderRegistryOptions = {},
  ) {
    this.failedLoadRetryMs = options.failedLoadRetryMs ?? 30_000;
    this.now = options.now ?? (() => performance.now());
  }

  async get(id: string): Promise<Embedder> {
    const parsed = parseEmbedderId(id);
    const key = embedderId(parsed.provider, parsed.model, parsed.dimensions);
    const existing = this.entries.get(key);
    if (existing && (existing.failedAt === undefined || this.now() - existing.failedAt < this.failedLoadRetryMs)) {
      return existing.promise;
    }
    const entry: Entry = { promise: this.create(parsed) };
    this.entries.set(key, entry);
    entry.promise.then(
      (embedder) => (entry.embedder = embedder),
      () => (entry.failedAt = this.now()),
    );
    return entry.promise;
  }

  /** Embedders created so far (loaded models, hosted clients). */
  ready(): Embedder[] {
    return [...this.entries.values()].flatMap((e) => (e.embedder ? [e.embedder] : []));
  }

  private async create(id: ParsedEmbedderId): Promise<Embedder> {
    const { embeddings, providers } = this.config;
    switch (id.provider) {
      case 'offline':
        if (`offline:${id.model}` !== OFFLINE_EMBEDDER_ID) {
          throw new EmbeddingsException(
            EmbeddingsErrorCode.UnknownEmbedder,
            `unknown offline embedder "${id.model}": the built-in one is ${OFFLINE_EMBEDDER_ID}`,
          );
        }
        return new OfflineEmbedder();
      case 'local':
        return LocalTransformersEmbedder.load({
          model: id.model,
          modelsDir: embeddings.modelsDir,
          allowDownloads: embeddings.allowDownloads,
        });
      case 'openai':
        return OpenAiEmbedder.create(this.hostedOptions(id, providers.openai, 'OPENAI_API_KEY'));
      case 'cohere':
        return CohereEmbedder.create(this.hostedOptions(id, providers.cohere, 'CO_API_KEY'));
    }
  }

  private hostedOptions(
    id: ParsedEmbedderId,
    provider: { apiKey?: string; baseUrl?: string },
    keyVariable: string,
  ): HostedEmbedderOptions {
    if (!provider.apiKey) {
      throw new EmbeddingsException(
        EmbeddingsErrorCode.EmbedderUnavailable,
        `${id.provider} embeddings need ${keyVariable}, which this deployment does not set`,
        { provider: id.provider },
      );
    }
    return {
      apiKey: provider.apiKey,
      baseUrl: provider.baseUrl,
      model: id.model,
      dimensions: id.dimensions,
      ...this.options.hosted,
    };
  }
}
