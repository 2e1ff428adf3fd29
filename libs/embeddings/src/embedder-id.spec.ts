import { embeddingCacheKey } from './cache/embedding-cache';
import { embedderId, parseEmbedderId } from './embedder-id';
import { EmbeddingsErrorCode, EmbeddingsException } from './embeddings.errors';

describe('embedder ids', () => {
  it('parse into provider, model and optional dimensions', () => {
    expect(parseEmbedderId('local:Xenova/all-MiniLM-L6-v2')).toEqual({
      provider: 'local',
      model: 'Xenova/all-MiniLM-L6-v2',
    });
    expect(parseEmbedderId('offline:hash-384-v1')).toEqual({ provider: 'offline', model: 'hash-384-v1' });
    expect(parseEmbedderId('openai:text-embedding-3-large@1024')).toEqual({
      provider: 'openai',
      model: 'text-embedding-3-large',
      dimensions: 1024,
    });
    expect(parseEmbedderId('openai:nomic-embed-text:latest')).toEqual({
      provider: 'openai',
      model: 'nomic-embed-text:latest',
    });
    expect(embedderId('openai', 'text-embedding-3-large', 1024)).toBe('openai:text-embedding-3-large@1024');
  });

  it.each([
    '',
    'local',
    'nope:model',
    'local:',
    'local:../../etc/passwd',
    'local:/abs/path',
    'local:a/b/c',
    'openai:@12',
  ])('refuse %j as UNKNOWN_EMBEDDER', (id) => {
    let error: unknown;
    try {
      parseEmbedderId(id);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EmbeddingsException);
    expect((error as EmbeddingsException).code).toBe(EmbeddingsErrorCode.UnknownEmbedder);
    expect((error as EmbeddingsException).httpStatus).toBe(400);
  });
});

describe('embedding cache keys', () => {
  it('depend on the embedder id, the kind and the text, unambiguously', () => {
    const key = embeddingCacheKey('local:a', 'document', 'hello');
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(embeddingCacheKey('local:a', 'document', 'hello')).toBe(key);
    expect(embeddingCacheKey('local:b', 'document', 'hello')).not.toBe(key);
    expect(embeddingCacheKey('local:a', 'query', 'hello')).not.toBe(key);
    expect(embeddingCacheKey('local:a', 'document', 'hello ')).not.toBe(key);
    expect(embeddingCacheKey('local:ab', 'document', 'c')).not.toBe(embeddingCacheKey('local:a', 'document', 'bc'));
  });
});
