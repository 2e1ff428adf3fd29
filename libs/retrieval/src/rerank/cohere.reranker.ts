import { CohereClientV2 } from 'cohere-ai';
import type { Reranker } from './reranker';

export const DEFAULT_COHERE_RERANK_MODEL = 'rerank-v3.5';
/** Cohere truncates longer documents; chunks are far shorter. */
const MAX_TOKENS_PER_DOC = 1024;

/** Cohere's v2 rerank endpoint through the official SDK, with no retries: the search's deadline is short. */
export class CohereReranker implements Reranker {
  readonly provider = 'cohere';
  private readonly client: CohereClientV2;

  constructor(
    options: { apiKey: string; baseUrl?: string; timeoutMs: number },
    private readonly model: string = DEFAULT_COHERE_RERANK_MODEL,
  ) {
    this.client = new CohereClientV2({
      token: options.apiKey,
      baseUrl: options.baseUrl,
      timeoutInSeconds: Math.max(options.timeoutMs / 1000, 0.01),
      maxRetries: 0,
    });
  }

  async rerank(query: string, documents: string[], signal: AbortSignal): Promise<number[]> {
    const response = await this.client.rerank(
      { model: this.model, query, documents, topN: documents.length, maxTokensPerDoc: MAX_TOKENS_PER_DOC },
      { abortSignal: signal, maxRetries: 0 },
    );
    const scores = new Array<number>(documents.length).fill(Number.NEGATIVE_INFINITY);
    for (const r of response.results) {
      if (Number.isInteger(r.index) && r.index >= 0 && r.index < documents.length) scores[r.index] = r.relevanceScore;
    }
    return scores;
  }
}
