import { EmbeddingsErrorCode, EmbeddingsException } from './embeddings.errors';

export type EmbeddingProvider = 'offline' | 'local' | 'openai' | 'cohere';
const PROVIDERS: readonly string[] = ['offline', 'local', 'openai', 'cohere'];

/** Hub-style ids (`org/name`, `name`): no "..", no absolute paths, since they become folders under MODELS_DIR. */
const LOCAL_MODEL = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)?$/;
/** Hosted model names, optionally with `@<dimensions>` (OpenAI's shortened embeddings: another vector space). */
const HOSTED_MODEL = /^[A-Za-z0-9][A-Za-z0-9._:/-]*(@[1-9][0-9]{0,4})?$/;

export interface ParsedEmbedderId {
  provider: EmbeddingProvider;
  /** The model as the provider names it, without `@dimensions`. */
  model: string;
  /** Requested output dimensions (`openai:text-embedding-3-large@1024`). */
  dimensions?: number;
}

export function embedderId(provider: EmbeddingProvider, model: string, dimensions?: number): string {
  return `${provider}:${model}${dimensions ? `@${dimensions}` : ''}`;
}

export function parseEmbedderId(id: string): ParsedEmbedderId {
  const colon = id.indexOf(':');
  const provider = colon > 0 ? id.slice(0, colon) : '';
  const rest = colon > 0 ? id.slice(colon + 1) : '';
  if (!PROVIDERS.includes(provider) || !rest) {
    throw new EmbeddingsException(
      EmbeddingsErrorCode.UnknownEmbedder,
      `unknown embedder "${id.slice(0, 200)}": expected <provider>:<model> with provider one of ${PROVIDERS.join(', ')}`,
    );
  }
  const p = provider as EmbeddingProvider;
  if (p === 'local' || p === 'offline') {
    if (!LOCAL_MODEL.test(rest) || rest.includes('..')) throw malformed(id);
    return { provider: p, model: rest };
  }
  if (!HOSTED_MODEL.test(rest) || rest.length > 200) throw malformed(id);
  const at = rest.lastIndexOf('@');
  return at > 0
    ? { provider: p, model: rest.slice(0, at), dimensions: Number(rest.slice(at + 1)) }
    : { provider: p, model: rest };
}

function malformed(id: string): EmbeddingsException {
  return new EmbeddingsException(EmbeddingsErrorCode.UnknownEmbedder, `malformed embedder id "${id.slice(0, 200)}"`);
}
