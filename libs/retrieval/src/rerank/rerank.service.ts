import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '@docqa/core';
import type { RerankOutcome } from '../search/search.types';
import { CohereReranker, DEFAULT_COHERE_RERANK_MODEL } from './cohere.reranker';
import { DEFAULT_LOCAL_RERANK_MODEL, LocalCrossEncoderReranker } from './local-cross-encoder.reranker';
import { RerankerUnavailableError, type Reranker } from './reranker';

export interface RerankResult {
  /** Scores in the documents' order; absent unless the outcome is `ok`. */
  scores?: number[];
  outcome: RerankOutcome;
  provider: string;
}

/**
 * The configured reranker behind one call with a deadline (RERANK_TIMEOUT_MS): on a timeout, an error or a
 * missing local model the caller keeps its fused order, so a slow or failing reranker never fails a search.
 */
@Injectable()
export class RerankService implements OnModuleDestroy {
  private readonly logger = new Logger('Rerank');
  private readonly reranker: Reranker | null;
  private warnedUnavailable = false;

  constructor(private readonly config: AppConfig) {
    const { provider, model, timeoutMs } = config.retrieval.rerank;
    if (provider === 'cohere' && config.providers.cohere.apiKey) {
      this.reranker = new CohereReranker(
        { apiKey: config.providers.cohere.apiKey, baseUrl: config.providers.cohere.baseUrl, timeoutMs },
        model ?? DEFAULT_COHERE_RERANK_MODEL,
      );
    } else if (provider === 'local') {
      this.reranker = new LocalCrossEncoderReranker({
        model: model ?? DEFAULT_LOCAL_RERANK_MODEL,
        modelsDir: config.embeddings.modelsDir,
        allowDownloads: config.embeddings.allowDownloads,
      });
    } else this.reranker = null;
  }

  get provider(): string {
    return this.reranker?.provider ?? 'none';
  }

  get configured(): boolean {
    return this.reranker !== null;
  }

  async rerank(query: string, documents: string[]): Promise<RerankResult> {
    const provider = this.provider;
    if (!this.reranker) return { outcome: 'not_configured', provider };
    if (!documents.length) return { outcome: 'ok', provider, scores: [] };
    const controller = new AbortController();
    const timeoutMs = this.config.retrieval.rerank.timeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const call = this.reranker.rerank(query, documents, controller.signal);
    try {
      const result = await Promise.race([call, deadline]);
      if (result === 'timeout') {
        controller.abort(new Error(`rerank took longer than ${timeoutMs} ms`));
        call.catch(() => undefined);
        this.logger.warn(`${provider} rerank took longer than ${timeoutMs} ms: the fused order was kept`);
        return { outcome: 'timeout', provider };
      }
      if (result.length !== documents.length || !result.every((s) => typeof s === 'number' && !Number.isNaN(s))) {
        throw new Error(`${result.length} scores for ${documents.length} documents`);
      }
      return { outcome: 'ok', provider, scores: result };
    } catch (err) {
      if (err instanceof RerankerUnavailableError) {
        if (!this.warnedUnavailable) this.logger.warn(`${err.message}: search keeps the fused order`);
        this.warnedUnavailable = true;
        return { outcome: 'unavailable', provider };
      }
      const key = this.config.providers.cohere.apiKey;
      const message = (err as Error).message ?? String(err);
      // A vendor's error may echo what it was sent; the key never reaches the log.
      this.logger.warn(
        `${provider} rerank failed, the fused order was kept: ${key ? message.split(key).join('[redacted]') : message}`,
      );
      return { outcome: 'error', provider };
    } finally {
      clearTimeout(timer);
    }
  }

  async onModuleDestroy(): Promise<void> {
    if (this.reranker instanceof LocalCrossEncoderReranker) await this.reranker.dispose();
  }
}
