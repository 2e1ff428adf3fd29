import { CohereClientV2, CohereError, CohereTimeoutError } from 'cohere-ai';
import { sdkFetch } from '@docqa/core';
import type { Embedder } from '../embedder';
import { embedderId } from '../embedder-id';
import { EmbeddingsErrorCode, EmbeddingsException } from '../embeddings.errors';
import { DIMENSION_PROBE_TEXT, HOSTED_DEFAULTS, type HostedEmbedderOptions } from './hosted-options';
import { parseRetryAfter, providerException, toUnitVector } from './provider-failure';

export const DEFAULT_COHERE_MODEL = 'embed-english-v3.0';
const KNOWN_DIMENSIONS: Record<string, number> = {
  'embed-english-v3.0': 1024,
  'embed-multilingual-v3.0': 1024,
  'embed-english-light-v3.0': 384,
  'embed-multilingual-light-v3.0': 384,
  'embed-v4.0': 1536,
};
/** Cohere's limit per call. */
const MAX_TEXTS_PER_REQUEST = 96;
/** What the v3 models read; longer inputs are truncated at the end by Cohere (`truncate: END`). */
const V3_MAX_INPUT_TOKENS = 512;

type InputType = 'search_document' | 'search_query';

/**
 * Cohere's v2 embed endpoint through the official SDK. Passages and queries are embedded with different
 * input types, as Cohere's retrieval models expect.
 */
export class CohereEmbedder implements Embedder {
  readonly id: string;
  readonly maxInputTokens: number | undefined;
  private readonly client: CohereClientV2;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;

  /** Use `create()`, which knows or measures the dimension. */
  constructor(
    private readonly options: HostedEmbedderOptions,
    readonly dimension: number,
  ) {
    this.id = embedderId('cohere', options.model, options.dimensions);
    this.maxInputTokens = options.model.endsWith('v3.0') ? V3_MAX_INPUT_TOKENS : undefined;
    this.timeoutMs = options.timeoutMs ?? HOSTED_DEFAULTS.timeoutMs;
    this.maxRetries = options.maxRetries ?? HOSTED_DEFAULTS.maxRetries;
    this.client = new CohereClientV2({
      token: options.apiKey,
      baseUrl: options.baseUrl,
      timeoutInSeconds: this.timeoutMs / 1000,
      maxRetries: this.maxRetries,
      fetch: sdkFetch,
    });
  }

  static async create(options: HostedEmbedderOptions): Promise<CohereEmbedder> {
    const known = options.dimensions ?? KNOWN_DIMENSIONS[options.model];
    if (known) return new CohereEmbedder(options, known);
    const [probe] = await new CohereEmbedder(options, 0).request([DIMENSION_PROBE_TEXT], 'search_query');
    return new CohereEmbedder(options, probe.length);
  }

  async embedDocuments(texts: string[], signal?: AbortSignal): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += MAX_TEXTS_PER_REQUEST) {
      out.push(...(await this.request(texts.slice(i, i + MAX_TEXTS_PER_REQUEST), 'search_document', signal)));
    }
    return out;
  }

  async embedQuery(text: string, signal?: AbortSignal): Promise<Float32Array> {
    return (await this.request([text], 'search_query', signal))[0];
  }

  private async request(texts: string[], inputType: InputType, signal?: AbortSignal): Promise<Float32Array[]> {
    signal?.throwIfAborted();
    let vectors: number[][] | undefined;
    try {
      const response = await this.client.embed(
        {
          model: this.options.model,
          // Cohere rejects empty strings, failing the whole batch.
          texts: texts.map((t) => (t.trim() ? t : ' ')),
          inputType,
          embeddingTypes: ['float'],
          truncate: 'END',
          ...(this.options.dimensions ? { outputDimension: this.options.dimensions } : {}),
        },
        { abortSignal: signal, timeoutInSeconds: this.timeoutMs / 1000, maxRetries: this.maxRetries },
      );
      vectors = response.embeddings?.float;
    } catch (err) {
      if (signal?.aborted) throw signal.reason;
      throw this.failure(err);
    }
    if (!vectors || vectors.length !== texts.length) {
      throw new EmbeddingsException(
        EmbeddingsErrorCode.ProviderFailed,
        `cohere embeddings failed: ${vectors?.length ?? 0} vectors for ${texts.length} inputs`,
        { provider: 'cohere' },
      );
    }
    return vectors.map((values) => {
      const v = toUnitVector(values, 'cohere');
      if (this.dimension && v.length !== this.dimension) {
        throw new EmbeddingsException(
          EmbeddingsErrorCode.ProviderFailed,
          `cohere embeddings failed: a ${v.length}-dimension vector from ${this.id}, expected ${this.dimension}`,
          { provider: 'cohere' },
        );
      }
      return v;
    });
  }

  private failure(err: unknown): EmbeddingsException {
    const context = { secret: this.options.apiKey, timeoutMs: this.timeoutMs, cause: err };
    if (err instanceof CohereTimeoutError) return providerException('cohere', { timedOut: true }, context);
    if (err instanceof CohereError) {
      const body = err.body as { message?: unknown } | undefined;
      return providerException(
        'cohere',
        {
          status: err.statusCode,
          vendorMessage: typeof body?.message === 'string' ? body.message : err.statusCode ? undefined : err.message,
          retryAfterSeconds: parseRetryAfter(err.rawResponse?.headers?.get('retry-after')),
        },
        context,
      );
    }
    return providerException('cohere', { vendorMessage: err instanceof Error ? err.message : String(err) }, context);
  }
}
