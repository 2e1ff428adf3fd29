import {
  startFakeCohere,
  unitFakeVector,
  type FakeCohereServer,
} from '../../../../test/support/fake-embedding-servers';
import { EmbeddingsErrorCode, EmbeddingsException } from '../embeddings.errors';
import { CohereEmbedder } from './cohere.embedder';
import type { HostedEmbedderOptions } from './hosted-options';

const KEY = 'co-test-0123456789abcdefghijklmnop';

describe('CohereEmbedder against a fake Cohere v2 server (real SDK, real HTTP)', () => {
  let server: FakeCohereServer;

  beforeEach(async () => {
    server = await startFakeCohere({ dimension: 1024, apiKey: KEY });
  });
  afterEach(() => server.close());

  function embedder(options: Partial<HostedEmbedderOptions> = {}): Promise<CohereEmbedder> {
    return CohereEmbedder.create({
      apiKey: KEY,
      baseUrl: server.baseUrl,
      model: 'embed-english-v3.0',
      maxRetries: 2,
      timeoutMs: 5_000,
      ...options,
    });
  }

  async function failure(promise: Promise<unknown>): Promise<EmbeddingsException> {
    const err = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(EmbeddingsException);
    return err as EmbeddingsException;
  }

  it('embeds passages as search_document and queries as search_query, at unit length', async () => {
    const e = await embedder();
    expect(e.id).toBe('cohere:embed-english-v3.0');
    expect(e.dimension).toBe(1024);
    expect(e.maxInputTokens).toBe(512);
    const [doc] = await e.embedDocuments(['what is a vector']);
    const query = await e.embedQuery('what is a vector');
    expect(Array.from(doc)).toEqual(Array.from(unitFakeVector('what is a vector', 1024, 'search_document')));
    expect(Array.from(query)).toEqual(Array.from(unitFakeVector('what is a vector', 1024, 'search_query')));
    expect(server.embedRequests.map((r) => r.body)).toEqual([
      expect.objectContaining({
        model: 'embed-english-v3.0',
        input_type: 'search_document',
        embedding_types: ['float'],
        truncate: 'END',
      }),
      expect.objectContaining({ input_type: 'search_query', texts: ['what is a vector'] }),
    ]);
  });

  it('splits more than 96 texts into several calls, keeping the order', async () => {
    const e = await embedder();
    const texts = Array.from({ length: 200 }, (_, i) => `passage ${i}`);
    const vectors = await e.embedDocuments(texts);
    expect(server.embedRequests.map((r) => (r.body.texts as string[]).length)).toEqual([96, 96, 8]);
    expect(Array.from(vectors[150])).toEqual(Array.from(unitFakeVector('passage 150', 1024, 'search_document')));
  });

  it('gives up at once on abort, with the abort reason', async () => {
    // Long enough to show the abort does not wait for it; short, as the SDK leaves its timer running after an abort.
    const e = await embedder({ timeoutMs: 1_000, maxRetries: 0 });
    server.answerNext({ kind: 'hang' });
    const controller = new AbortController();
    const pending = e.embedDocuments(['x'], controller.signal);
    setTimeout(() => controller.abort(new Error('job cancelled')), 100);
    await expect(pending).rejects.toThrow('job cancelled');
  });

  it('sends a space for an empty text, which Cohere would refuse', async () => {
    const [v] = await (await embedder()).embedDocuments(['']);
    expect(v).toHaveLength(1024);
    expect(server.embedRequests[0].body.texts).toEqual([' ']);
  });

  it('retries a 429 and a 500, then succeeds', async () => {
    const e = await embedder();
    // The SDK waits 1 s before its first retry, 2 s before its second: the 429's Retry-After of 1 s shortens the second.
    server.answerNext({ kind: 'status', status: 500 }, { kind: 'status', status: 429, retryAfter: '1' });
    const [v] = await e.embedDocuments(['retry me']);
    expect(Array.from(v)).toEqual(Array.from(unitFakeVector('retry me', 1024, 'search_document')));
    expect(server.embedRequests).toHaveLength(3);
  });

  it('reports rate limiting once retries are exhausted, passing Retry-After on', async () => {
    const e = await embedder({ maxRetries: 0 });
    server.answerNext({ kind: 'status', status: 429, retryAfter: '12', message: 'trial key limited to 100 calls/min' });
    const err = await failure(e.embedDocuments(['x']));
    expect(err.code).toBe(EmbeddingsErrorCode.ProviderRateLimited);
    expect(err.provider).toBe('cohere');
    expect(err.headers['Retry-After']).toBe('12');
    expect(err.message).toContain('trial key limited');
  });

  it('reports a rejected key as a typed error, without retrying and without the key', async () => {
    const e = await embedder({ apiKey: 'co-wrong-key-abcdefghijklmnopqrstuvwxyz' });
    const err = await failure(e.embedDocuments(['x']));
    expect(err.code).toBe(EmbeddingsErrorCode.ProviderAuthFailed);
    expect(err.message).toBe('cohere embeddings failed: the API key was rejected (HTTP 401): invalid api token');
    expect(server.embedRequests).toHaveLength(1);
  });

  it('times out a hung request as a timeout (the SDK alone reports it as a generic error)', async () => {
    const e = await embedder({ timeoutMs: 300, maxRetries: 0 });
    server.answerNext({ kind: 'hang' });
    const err = await failure(e.embedDocuments(['x']));
    expect(err.code).toBe(EmbeddingsErrorCode.ProviderTimeout);
    expect(err.retryable).toBe(true);
    expect(err.message).toBe('cohere embeddings failed: no answer within 0.3 s');
  });
});
