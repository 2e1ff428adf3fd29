import OpenAI, { APIConnectionTimeoutError, APIError } from 'openai';
import { sdkFetch } from '@docqa/core';
import type { Embedder } from '../embedder';
import { embedderId } from '../embedder-id';
import { EmbeddingsErrorCode, EmbeddingsException } from '../embeddings.errors';
import { DIMENSION_PROBE_TEXT, HOSTED_DEFAULTS, type HostedEmbedderOptions } from './hosted-options';
import { parseRetryAfter, providerException, toUnitVector } from './provider-failure';
import { truncateToTokens } from './token-limit';

export const DEFAULT_OPENAI_MODEL = 'text-embedding-3-small';
const KNOWN_DIMENSIONS: Record<string, number> = {
  'text-embedding-3-small': 1536,
  'text-embedding-3-large': 3072,
  'text-embedding-ada-002': 1536,
};
/** OpenAI's limits per request: 2,048 inputs, 300,000 tokens in all; 8,191 tokens per input. */
const MAX_INPUTS_PER_REQUEST = 2048;
const MAX_TOKENS_PER_REQUEST = 300_000;
const MAX_INPUT_TOKENS = 8191;

/**
 * OpenAI (or any server speaking its embeddings API, via OPENAI_BASE_URL) through the official SDK. Vectors
 * travel as base64 float32 (a third of the JSON size); answers in plain float arrays, as some compatible
 * servers send whatever was asked, are read too.
 */
export class OpenAiEmbedder implements Embedder {
  readonly id: string;
  readonly maxInputTokens = MAX_INPUT_TOKENS;
  private readonly client: OpenAI;
  private readonly timeoutMs: number;

  /** Use `create()`, which knows or measures the dimension. */
  constructor(
    private readonly options: HostedEmbedderOptions,
    readonly dimension: number,
  ) {
    this.id = embedderId('openai', options.model, options.dimensions);
    this.timeoutMs = options.timeoutMs ?? HOSTED_DEFAULTS.timeoutMs;
    this.client = new OpenAI({
      apiKey: options.apiKey,
      baseURL: options.baseUrl,
      maxRetries: options.maxRetries ?? HOSTED_DEFAULTS.maxRetries,
      timeout: this.timeoutMs,
      fetch: sdkFetch,
    });
  }

  /** A model the table does not know (a compatible server's) is asked once for a vector to learn its size. */
  static async create(options: HostedEmbedderOptions): Promise<OpenAiEmbedder> {
    const known = options.dimensions ?? KNOWN_DIMENSIONS[options.model];
    if (known) return new OpenAiEmbedder(options, known);
    const [probe] = await new OpenAiEmbedder(options, 0).request([DIMENSION_PROBE_TEXT]);
    return new OpenAiEmbedder(options, probe.length);
  }

  async embedDocuments(texts: string[], signal?: AbortSignal): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (const group of requestGroups(texts.map(prepareInput))) out.push(...(await this.request(group, signal)));
    return out;
  }

  async embedQuery(text: string, signal?: AbortSignal): Promise<Float32Array> {
    return (await this.embedDocuments([text], signal))[0];
  }

  private async request(input: string[], signal?: AbortSignal): Promise<Float32Array[]> {
    signal?.throwIfAborted();
    let response: OpenAI.Embeddings.CreateEmbeddingResponse;
    try {
      response = await this.client.embeddings.create(
        {
          model: this.options.model,
          input,
          encoding_format: 'base64',
          ...(this.options.dimensions ? { dimensions: this.options.dimensions } : {}),
        },
        { signal },
      );
    } catch (err) {
      if (signal?.aborted) throw signal.reason;
      throw this.failure(err);
    }
    const data = [...(response.data ?? [])].sort((a, b) => a.index - b.index);
    if (data.length !== input.length) {
      throw new EmbeddingsException(
        EmbeddingsErrorCode.ProviderFailed,
        `openai embeddings failed: ${data.length} vectors for ${input.length} inputs`,
        { provider: 'openai' },
      );
    }
    return data.map((d) => {
      const raw = d.embedding as unknown;
      const v = toUnitVector(typeof raw === 'string' ? decodeBase64Floats(raw) : (raw as number[]), 'openai');
      if (this.dimension && v.length !== this.dimension) {
        throw new EmbeddingsException(
          EmbeddingsErrorCode.ProviderFailed,
          `openai embeddings failed: a ${v.length}-dimension vector from ${this.id}, expected ${this.dimension}`,
          { provider: 'openai' },
        );
      }
      return v;
    });
  }

  private failure(err: unknown): EmbeddingsException {
    const context = { secret: this.options.apiKey, timeoutMs: this.timeoutMs, cause: err };
    if (err instanceof APIConnectionTimeoutError) return providerException('openai', { timedOut: true }, context);
    if (err instanceof APIError) {
      const body = err.error as { message?: unknown } | undefined;
      return providerException(
        'openai',
        {
          status: err.status,
          vendorMessage: typeof body?.message === 'string' ? body.message : err.status ? undefined : err.message,
          retryAfterSeconds: parseRetryAfter(err.headers?.get('retry-after')),
        },
        context,
      );
    }
    return providerException('openai', { vendorMessage: err instanceof Error ? err.message : String(err) }, context);
  }
}

function decodeBase64Floats(base64: string): Float32Array {
  const bytes = Buffer.from(base64, 'base64');
  const v = new Float32Array(bytes.byteLength >> 2);
  new Uint8Array(v.buffer).set(bytes.subarray(0, v.byteLength));
  return v;
}

/** OpenAI refuses empty inputs and inputs over 8,191 tokens, failing the whole batch: neither reaches it. */
function prepareInput(text: string): string {
  if (!text.trim()) return ' ';
  return truncateToTokens(text, MAX_INPUT_TOKENS);
}

/** Tokens never outnumber UTF-8 bytes, so bytes bound a group's tokens without tokenizing. */
function requestGroups(inputs: string[]): string[][] {
  const groups: string[][] = [];
  let current: string[] = [];
  let bytes = 0;
  for (const input of inputs) {
    const size = Math.min(Buffer.byteLength(input), MAX_INPUT_TOKENS);
    if (current.length && (current.length >= MAX_INPUTS_PER_REQUEST || bytes + size > MAX_TOKENS_PER_REQUEST)) {
      groups.push(current);
      current = [];
      bytes = 0;
    }
    current.push(input);
    bytes += size;
  }
  if (current.length) groups.push(current);
  return groups;
}
