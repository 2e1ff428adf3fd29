import {
  startFakeOpenAi,
  unitFakeVector,
  type FakeOpenAiServer,
} from '../../../../test/support/fake-embedding-servers';
import { EmbeddingsErrorCode, EmbeddingsException } from '../embeddings.errors';
import type { HostedEmbedderOptions } from './hosted-options';
import { OpenAiEmbedder } from './openai.embedder';

const KEY = 'sk-test-0123456789abcdefghijklmnop';

describe('OpenAiEmbedder against a fake OpenAI server (real SDK, real HTTP)', () => {
  let server: FakeOpenAiServer;

  beforeEach(async () => {
    server = await startFakeOpenAi({ dimension: 1536, apiKey: KEY });
  });
  afterEach(() => server.close());

  function embedder(options: Partial<HostedEmbedderOptions> = {}): Promise<OpenAiEmbedder> {
    return OpenAiEmbedder.create({
      apiKey: KEY,
      baseUrl: server.baseUrl,
      model: 'text-embedding-3-small',
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

  it('returns the served vectors at unit length, in input order, from base64 answers', async () => {
    const e = await embedder();
    expect(e.id).toBe('openai:text-embedding-3-small');
    expect(e.dimension).toBe(1536);
    const texts = ['first passage', 'second passage', 'third'];
    const vectors = await e.embedDocuments(texts);
    expect(vectors).toHaveLength(3);
    texts.forEach((t, i) => {
      expect(vectors[i]).toBeInstanceOf(Float32Array);
      expect(Array.from(vectors[i])).toEqual(Array.from(unitFakeVector(t, 1536)));
    });
    expect(server.embedRequests).toHaveLength(1);
    expect(server.embedRequests[0].body).toMatchObject({
      model: 'text-embedding-3-small',
      input: texts,
      encoding_format: 'base64',
    });
  });

  it('reads plain float arrays from compatible servers that ignore encoding_format', async () => {
    await server.close();
    server = await startFakeOpenAi({ dimension: 1536, apiKey: KEY, floatsOnly: true });
    const [v] = await (await embedder()).embedDocuments(['hello']);
    expect(Array.from(v)).toEqual(Array.from(unitFakeVector('hello', 1536)));
  });

  it('asks for shortened vectors with @dimensions, which is part of the id', async () => {
    const e = await embedder({ model: 'text-embedding-3-large', dimensions: 256 });
    expect(e.id).toBe('openai:text-embedding-3-large@256');
    const [v] = await e.embedDocuments(['short']);
    expect(v).toHaveLength(256);
    expect(server.embedRequests[0].body.dimensions).toBe(256);
  });

  it('learns the dimension of a model it does not know with one probe request', async () => {
    await server.close();
    server = await startFakeOpenAi({ dimension: 48, apiKey: KEY });
    const e = await embedder({ model: 'nomic-embed-text:latest' });
    expect(e.id).toBe('openai:nomic-embed-text:latest');
    expect(e.dimension).toBe(48);
    expect(server.embedRequests).toHaveLength(1);
  });

  it('never sends what OpenAI refuses: empty inputs, inputs over 8,191 tokens', async () => {
    const e = await embedder();
    const long = 'é'.repeat(10_000);
    const vectors = await e.embedDocuments(['', long]);
    expect(vectors).toHaveLength(2);
    const input = server.embedRequests[0].body.input as string[];
    expect(input[0]).toBe(' ');
    expect(Buffer.byteLength(input[1])).toBeLessThanOrEqual(8191);
    expect(input[1]).toBe('é'.repeat(4095));
  });

  it('retries a 429 (honouring Retry-After) and a 500, then succeeds', async () => {
    const e = await embedder();
    server.answerNext({ kind: 'status', status: 429, retryAfter: '0' }, { kind: 'status', status: 500 });
    const [v] = await e.embedDocuments(['retry me']);
    expect(Array.from(v)).toEqual(Array.from(unitFakeVector('retry me', 1536)));
    expect(server.embedRequests).toHaveLength(3);
  });

  it('reports rate limiting once retries are exhausted, passing Retry-After on', async () => {
    const e = await embedder({ maxRetries: 0 });
    server.answerNext({ kind: 'status', status: 429, retryAfter: '7', message: 'Rate limit reached for requests' });
    const err = await failure(e.embedDocuments(['x']));
    expect(err.code).toBe(EmbeddingsErrorCode.ProviderRateLimited);
    expect(err.provider).toBe('openai');
    expect(err.retryable).toBe(true);
    expect(err.headers['Retry-After']).toBe('7');
    expect(err.message).toMatch(/^openai embeddings failed: rate limited/);
  });

  it('reports a rejected key as a typed error, without retrying and without the key', async () => {
    const e = await embedder({ apiKey: 'sk-wrong-key-abcdefghijklmnopqrstuvwxyz' });
    const err = await failure(e.embedDocuments(['x']));
    expect(err.code).toBe(EmbeddingsErrorCode.ProviderAuthFailed);
    expect(err.retryable).toBe(false);
    expect(err.message).toMatch(/^openai embeddings failed: the API key was rejected \(HTTP 401\)/);
    expect(err.message).not.toContain('sk-wrong-key');
    expect(server.embedRequests).toHaveLength(1);
  });

  it('reports a 400 as rejected, with the vendor message', async () => {
    const e = await embedder();
    server.answerNext({ kind: 'status', status: 400, message: "This model's maximum context length is 8192 tokens" });
    const err = await failure(e.embedDocuments(['x']));
    expect(err.code).toBe(EmbeddingsErrorCode.ProviderRejected);
    expect(err.message).toContain('maximum context length');
  });

  it('times out a hung request, after its retries', async () => {
    const e = await embedder({ timeoutMs: 300, maxRetries: 1 });
    server.answerNext({ kind: 'hang' }, { kind: 'hang' });
    const err = await failure(e.embedDocuments(['x']));
    expect(err.code).toBe(EmbeddingsErrorCode.ProviderTimeout);
    expect(err.message).toBe('openai embeddings failed: no answer within 0.3 s');
    expect(server.embedRequests).toHaveLength(2);
  });

  it('gives up at once on abort, with the abort reason', async () => {
    // Long enough to show the abort does not wait for it; short, as the SDK leaves its timer running after an abort.
    const e = await embedder({ timeoutMs: 2_000, maxRetries: 0 });
    server.answerNext({ kind: 'hang' });
    const controller = new AbortController();
    const pending = e.embedDocuments(['x'], controller.signal);
    setTimeout(() => controller.abort(new Error('job cancelled')), 100);
    await expect(pending).rejects.toThrow('job cancelled');
  });

  it('reports a server it cannot reach', async () => {
    const e = await embedder({ maxRetries: 0 });
    await server.close();
    const err = await failure(e.embedDocuments(['x']));
    expect(err.code).toBe(EmbeddingsErrorCode.ProviderFailed);
    expect(err.message).toMatch(/^openai embeddings failed: could not reach the API/);
  });
});
