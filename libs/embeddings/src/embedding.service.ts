import { Inject, Injectable, Logger, OnModuleDestroy, Optional } from '@nestjs/common';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type Redis from 'ioredis';
import { AppConfig, REDIS } from '@docqa/core';
import { embeddingCacheKey, type EmbeddingCache } from './cache/embedding-cache';
import { MemoryEmbeddingCache } from './cache/memory-embedding-cache';
import { RedisEmbeddingCache } from './cache/redis-embedding-cache';
import type { Embedder } from './embedder';
import { parseEmbedderId, type EmbeddingProvider } from './embedder-id';
import { configuredEmbedderId, EmbedderRegistry, type EmbedderRegistryOptions } from './embedder-registry';
import { EMBEDDING_METRICS, type EmbedderLabels, type EmbeddingMetrics } from './embedding-metrics';
import { EmbeddingsErrorCode, EmbeddingsException } from './embeddings.errors';
import { DEFAULT_COHERE_MODEL } from './hosted/cohere.embedder';
import { DEFAULT_OPENAI_MODEL } from './hosted/openai.embedder';
import { localModelsOnDisk } from './local/local-models-on-disk';
import { LocalTransformersEmbedder } from './local/local-transformers.embedder';
import { OFFLINE_EMBEDDER_ID } from './offline/offline.embedder';

/** DI token of optional `EmbeddingServiceOptions` (tests tune timeouts and bounds with it). */
export const EMBEDDING_SERVICE_OPTIONS = Symbol('EMBEDDING_SERVICE_OPTIONS');

export interface EmbeddingServiceOptions extends EmbedderRegistryOptions {
  memoryCache?: { maxEntries?: number; maxBytes?: number };
  redisCache?: { timeoutMs?: number; retryAfterMs?: number };
}

export interface EmbedDocumentsOptions {
  signal?: AbortSignal;
  /** After every batch (and once up front when the cache answered some): positions filled so far, of `total`. */
  onProgress?: (done: number, total: number) => void;
}

export interface EmbedderInfo {
  id: string;
  provider: EmbeddingProvider;
  model: string;
  /** Unknown until a local model not yet loaded is loaded (read from its config.json when it says). */
  dimension: number | null;
  /** Created in this process (a model loaded, a client made); others load on first use. */
  ready: boolean;
}

export interface EmbeddersDescription {
  /** What new collections are indexed with now. */
  defaultId: string;
  /** What the configuration asks for; differs from `defaultId` when a local model could not be loaded. */
  configuredId: string;
  /** Why the configured embedder is not the default, when it is not. */
  fallbackReason?: string;
  available: EmbedderInfo[];
}

const MEMORY_CACHE_DEFAULTS = { maxEntries: 20_000, maxBytes: 64 * 1024 * 1024 };
/** Longest the event loop is held between two batches of synchronous embedding (the offline embedder). */
const YIELD_EVERY_MS = 20;

/**
 * Entry point of every embedding: picks the embedder (the configured one, or the built-in offline one when
 * a local model cannot be loaded), cuts work into batches of EMBEDDING_BATCH_SIZE, and caches vectors by
 * content hash, in Redis when the deployment has one (shared by all instances), else in memory.
 *
 * The offline embedder is never cached: measured here, it embeds a 300-token passage in about 50 us of CPU,
 * while a cache lookup costs a sha256 (3.6 us) plus a Redis round trip (5 us a key in batches of 32 on
 * localhost, far more across a network) and 1.5 KiB of Redis memory per passage: a hit would save almost
 * nothing, a miss would cost more than it saves.
 */
@Injectable()
export class EmbeddingService implements OnModuleDestroy {
  private readonly logger = new Logger('Embeddings');
  private readonly registry: EmbedderRegistry;
  private readonly cache: EmbeddingCache | null;
  private readonly configuredId: string;
  private fallbackReason?: string;

  constructor(
    private readonly config: AppConfig,
    @Inject(REDIS) redis: Redis | null,
    @Optional() @Inject(EMBEDDING_METRICS) private readonly metrics?: EmbeddingMetrics,
    @Optional() @Inject(EMBEDDING_SERVICE_OPTIONS) options: EmbeddingServiceOptions = {},
  ) {
    this.registry = new EmbedderRegistry(config, options);
    this.configuredId = configuredEmbedderId(config.embeddings);
    const ttlSeconds = config.embeddings.cacheTtlSeconds;
    if (ttlSeconds <= 0) this.cache = null;
    else if (redis && config.redis) {
      this.cache = new RedisEmbeddingCache(redis, {
        keyPrefix: config.redis.keyPrefix,
        ttlSeconds,
        ...options.redisCache,
        logger: this.logger,
        onError: () => this.metrics?.countCacheErrors?.('redis'),
      });
    } else {
      this.cache = new MemoryEmbeddingCache({
        ttlMs: ttlSeconds * 1000,
        ...MEMORY_CACHE_DEFAULTS,
        ...options.memoryCache,
      });
    }
  }

  /**
   * The embedder new collections are indexed with. For `EMBEDDING_PROVIDER=local`, a model that cannot be
   * loaded (absent with downloads off, or broken) makes it the offline embedder, with one warning saying how
   * to add the model.
   */
  async defaultEmbedder(): Promise<Embedder> {
    if (parseEmbedderId(this.configuredId).provider !== 'local') return this.registry.get(this.configuredId);
    try {
      const embedder = await this.registry.get(this.configuredId);
      this.fallbackReason = undefined;
      return embedder;
    } catch (err) {
      if (!(err instanceof EmbeddingsException) || err.code !== EmbeddingsErrorCode.EmbedderUnavailable) throw err;
      if (!this.fallbackReason) this.warnFallback(err);
      this.fallbackReason = err.message;
      return this.registry.get(OFFLINE_EMBEDDER_ID);
    }
  }

  /**
   * The embedder with this id (the one a collection was indexed with). Throws `EmbeddingsException`:
   * `UNKNOWN_EMBEDDER` for an id naming nothing we know, `EMBEDDER_UNAVAILABLE` when it cannot be provided
   * now (model missing or broken, provider key not set).
   */
  async embedder(id: string): Promise<Embedder> {
    return this.registry.get(id);
  }

  async embedDocuments(
    embedderId: string,
    texts: string[],
    options: EmbedDocumentsOptions = {},
  ): Promise<Float32Array[]> {
    const { signal, onProgress } = options;
    const embedder = await this.embedder(embedderId);
    signal?.throwIfAborted();
    const total = texts.length;
    const out = new Array<Float32Array>(total);
    if (!total) return out;
    const labels = labelsOf(embedder);
    const cache = this.cacheFor(embedder);

    // Identical texts are embedded once; `pending` maps each distinct text still to embed to its positions.
    const pending = new Map<string, number[]>();
    const keys = cache ? texts.map((t) => embeddingCacheKey(embedder.id, 'document', t)) : [];
    const cached = cache ? await cache.getMany(keys, embedder.dimension) : [];
    let done = 0;
    texts.forEach((text, i) => {
      const hit = cached[i];
      if (hit) {
        out[i] = hit;
        done++;
        return;
      }
      const positions = pending.get(text);
      if (positions) positions.push(i);
      else pending.set(text, [i]);
    });
    if (cache) {
      this.metrics?.countTexts(labels, 'hit', done);
      this.metrics?.countTexts(labels, 'miss', total - done);
      if (done) onProgress?.(done, total);
    } else this.metrics?.countTexts(labels, 'off', total);

    const distinct = [...pending.keys()];
    const batchSize = this.config.embeddings.batchSize;
    const writes: Promise<void>[] = [];
    let lastYield = performance.now();
    for (let start = 0; start < distinct.length; start += batchSize) {
      signal?.throwIfAborted();
      const batch = distinct.slice(start, start + batchSize);
      const vectors = await this.checked(embedder, labels, batch.length, () => embedder.embedDocuments(batch, signal));
      const toCache: [string, Float32Array][] = [];
      batch.forEach((text, j) => {
        const positions = pending.get(text)!;
        for (const i of positions) out[i] = positions.length > 1 ? vectors[j].slice() : vectors[j];
        if (cache) toCache.push([keys[positions[0]], vectors[j]]);
        done += positions.length;
      });
      if (cache) writes.push(cache.setMany(toCache));
      onProgress?.(done, total);
      // Synchronous embedders (offline) would otherwise hold the event loop for the whole document.
      if (performance.now() - lastYield > YIELD_EVERY_MS) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        lastYield = performance.now();
      }
    }
    await Promise.all(writes);
    return out;
  }

  /** A search query's vector (cached like passages, under its own key: some providers embed queries differently). */
  async embedQuery(embedderId: string, text: string, options: { signal?: AbortSignal } = {}): Promise<Float32Array> {
    const embedder = await this.embedder(embedderId);
    const labels = labelsOf(embedder);
    const cache = this.cacheFor(embedder);
    const key = cache ? embeddingCacheKey(embedder.id, 'query', text) : '';
    if (cache) {
      const [hit] = await cache.getMany([key], embedder.dimension);
      this.metrics?.countTexts(labels, hit ? 'hit' : 'miss', 1);
      if (hit) return hit;
    } else this.metrics?.countTexts(labels, 'off', 1);
    const [vector] = await this.checked(embedder, labels, 1, () =>
      embedder.embedQuery(text, options.signal).then((v) => [v]),
    );
    if (cache) await cache.setMany([[key, vector]]);
    return vector;
  }

  /** The embedders a client may choose from (`GET /api/v1/embedders`), the default first. */
  async describe(): Promise<EmbeddersDescription> {
    const fallback = await this.defaultEmbedder();
    const found = new Map<string, EmbedderInfo>();
    const add = (info: EmbedderInfo): void => {
      if (!found.has(info.id) || info.ready) found.set(info.id, info);
    };
    const info = (e: Embedder): EmbedderInfo => ({ id: e.id, ...labelsOf(e), dimension: e.dimension, ready: true });
    add(info(fallback));
    add(info(await this.registry.get(OFFLINE_EMBEDDER_ID)));
    for (const e of this.registry.ready()) add(info(e));
    for (const { model, dimension } of await localModelsOnDisk(this.config.embeddings.modelsDir)) {
      add({ id: `local:${model}`, provider: 'local', model, dimension, ready: false });
    }
    const { providers } = this.config;
    const configured = parseEmbedderId(this.configuredId);
    for (const [provider, key, defaultModel] of [
      ['openai', providers.openai.apiKey, DEFAULT_OPENAI_MODEL],
      ['cohere', providers.cohere.apiKey, DEFAULT_COHERE_MODEL],
    ] as const) {
      if (!key) continue;
      const model = configured.provider === provider ? configured.model : defaultModel;
      const id = configured.provider === provider ? this.configuredId : `${provider}:${model}`;
      const ready = this.registry.ready().find((e) => e.id === id);
      add({ id, provider, model, dimension: ready?.dimension ?? null, ready: !!ready });
    }
    return {
      defaultId: fallback.id,
      configuredId: this.configuredId,
      ...(this.fallbackReason && fallback.id !== this.configuredId ? { fallbackReason: this.fallbackReason } : {}),
      available: [...found.values()],
    };
  }

  async onModuleDestroy(): Promise<void> {
    const local = this.registry.ready().filter((e) => e instanceof LocalTransformersEmbedder);
    await Promise.all(local.map((e) => e.dispose().catch(() => undefined)));
  }

  private cacheFor(embedder: Embedder): EmbeddingCache | null {
    return embedder.id === OFFLINE_EMBEDDER_ID ? null : this.cache;
  }

  /** One call to the embedder, timed, its answer checked: as many vectors as texts, of the right dimension. */
  private async checked(
    embedder: Embedder,
    labels: EmbedderLabels,
    count: number,
    call: () => Promise<Float32Array[]>,
  ): Promise<Float32Array[]> {
    const started = performance.now();
    let vectors: Float32Array[];
    try {
      vectors = await call();
    } catch (err) {
      this.metrics?.observeBatch(labels, (performance.now() - started) / 1000, 'error');
      throw err;
    }
    this.metrics?.observeBatch(labels, (performance.now() - started) / 1000, 'ok');
    if (vectors.length !== count || vectors.some((v) => v?.length !== embedder.dimension)) {
      throw new EmbeddingsException(
        EmbeddingsErrorCode.ProviderFailed,
        `${labels.provider} embeddings failed: ${embedder.id} returned ${vectors.length} vectors for ${count} texts, ` +
          `or vectors of another dimension than ${embedder.dimension}`,
        { provider: labels.provider },
      );
    }
    return vectors;
  }

  private warnFallback(err: EmbeddingsException): void {
    const { model } = parseEmbedderId(this.configuredId);
    const folder = join(this.config.embeddings.modelsDir, model);
    this.logger.warn(
      `${err.message}. New collections use the built-in offline embedder (${OFFLINE_EMBEDDER_ID}), which matches ` +
        `words rather than meaning. To use the model, put its files (config.json, tokenizer.json, ` +
        `tokenizer_config.json, onnx/model.onnx) in ${folder} (MODELS_DIR/${model}), or set MODEL_DOWNLOADS=true ` +
        `to fetch it from the Hugging Face hub on first use.`,
    );
  }
}

function labelsOf(embedder: Embedder): { provider: EmbeddingProvider; model: string } {
  const { provider, model } = parseEmbedderId(embedder.id);
  return { provider, model };
}
