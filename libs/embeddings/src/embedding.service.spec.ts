import { Logger } from '@nestjs/common';
import { join } from 'node:path';
import { startFakeOpenAi, type FakeOpenAiServer } from '../../../test/support/fake-embedding-servers';
import { tempDataDir, testConfig, type TempDir } from '../../../test/support/test-env';
import { writeTinyModel, type TinyModel } from '../../../test/support/tiny-model';
import type { Embedder } from './embedder';
import type { EmbedderLabels, EmbeddingMetrics } from './embedding-metrics';
import { EmbeddingService } from './embedding.service';
import { EmbeddingsErrorCode, EmbeddingsException } from './embeddings.errors';
import { OFFLINE_EMBEDDER_ID } from './offline/offline.embedder';

class RecordingMetrics implements EmbeddingMetrics {
  readonly batches: Array<{ labels: EmbedderLabels; outcome: string }> = [];
  readonly texts: Record<string, number> = {};
  observeBatch(labels: EmbedderLabels, _seconds: number, outcome: 'ok' | 'error'): void {
    this.batches.push({ labels, outcome });
  }
  countTexts(_labels: EmbedderLabels, cache: string, count: number): void {
    this.texts[cache] = (this.texts[cache] ?? 0) + count;
  }
}

async function errorOf(promise: Promise<unknown>): Promise<EmbeddingsException> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(EmbeddingsException);
  return err as EmbeddingsException;
}

describe('EmbeddingService', () => {
  let tmp: TempDir;
  let tiny: TinyModel;
  const services: EmbeddingService[] = [];

  beforeEach(async () => {
    tmp = await tempDataDir();
    tiny = await writeTinyModel(join(tmp.dir, 'models'));
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    await Promise.all(services.splice(0).map((s) => s.onModuleDestroy()));
    await tmp.cleanup();
  });

  function service(env: Record<string, string> = {}, metrics?: EmbeddingMetrics): EmbeddingService {
    const config = testConfig({
      DATA_DIR: tmp.dir,
      EMBEDDING_PROVIDER: 'local',
      EMBEDDING_MODEL: tiny.model,
      EMBEDDING_BATCH_SIZE: '4',
      ...env,
    });
    const s = new EmbeddingService(config, null, metrics);
    services.push(s);
    return s;
  }

  async function spied(s: EmbeddingService, id: string) {
    const embedder = await s.embedder(id);
    return {
      embedder,
      documents: jest.spyOn(embedder, 'embedDocuments'),
      query: jest.spyOn(embedder, 'embedQuery'),
    };
  }

  describe('choosing the embedder', () => {
    it('uses the configured local model when MODELS_DIR has it', async () => {
      const s = service();
      const e = await s.defaultEmbedder();
      expect(e.id).toBe(tiny.embedderId);
      expect(e.dimension).toBe(tiny.dimension);
    });

    it('falls back to the offline embedder with one warning saying how to add the model', async () => {
      const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
      const s = service({ EMBEDDING_MODEL: 'Xenova/all-MiniLM-L6-v2' });
      expect((await s.defaultEmbedder()).id).toBe(OFFLINE_EMBEDDER_ID);
      expect((await s.defaultEmbedder()).id).toBe(OFFLINE_EMBEDDER_ID);
      expect(warn).toHaveBeenCalledTimes(1);
      const message = String(warn.mock.calls[0][0]);
      expect(message).toContain(join(tmp.dir, 'models', 'Xenova/all-MiniLM-L6-v2'));
      expect(message).toContain('MODELS_DIR/Xenova/all-MiniLM-L6-v2');
      expect(message).toContain('MODEL_DOWNLOADS=true');
      expect(message).toContain(OFFLINE_EMBEDDER_ID);
      const described = await s.describe();
      expect(described).toMatchObject({
        defaultId: OFFLINE_EMBEDDER_ID,
        configuredId: 'local:Xenova/all-MiniLM-L6-v2',
        fallbackReason: expect.stringContaining('MODEL_DOWNLOADS is off'),
      });
    });

    it('also falls back, with the reason, when the model folder is broken', async () => {
      const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
      const broken = await writeTinyModel(join(tmp.dir, 'models'), { model: 'docqa-test/broken', corrupt: true });
      const s = service({ EMBEDDING_MODEL: broken.model });
      expect((await s.defaultEmbedder()).id).toBe(OFFLINE_EMBEDDER_ID);
      expect(String(warn.mock.calls[0][0])).toMatch(/could not be loaded/);
    });

    it('provides embedders by id, and says precisely why one cannot be provided', async () => {
      const s = service();
      expect((await s.embedder(OFFLINE_EMBEDDER_ID)).dimension).toBe(384);
      expect(await s.embedder(tiny.embedderId)).toBe(await s.embedder(tiny.embedderId));

      const missing = await errorOf(s.embedder('local:someone/missing'));
      expect(missing.code).toBe(EmbeddingsErrorCode.EmbedderUnavailable);
      expect(missing.httpStatus).toBe(503);
      const noKey = await errorOf(s.embedder('openai:text-embedding-3-small'));
      expect(noKey.code).toBe(EmbeddingsErrorCode.EmbedderUnavailable);
      expect(noKey.message).toContain('OPENAI_API_KEY');
      expect((await errorOf(s.embedder('cohere:embed-english-v3.0'))).message).toContain('CO_API_KEY');
      expect((await errorOf(s.embedder('offline:hash-999'))).code).toBe(EmbeddingsErrorCode.UnknownEmbedder);
      expect((await errorOf(s.embedder('word2vec:x'))).code).toBe(EmbeddingsErrorCode.UnknownEmbedder);
    });

    it('describes the default first, then the others it can provide', async () => {
      await writeTinyModel(join(tmp.dir, 'models'), { model: 'other-model', dimension: 16 });
      const s = service({ OPENAI_API_KEY: 'sk-test', EMBEDDING_PROVIDER: 'local' });
      const described = await s.describe();
      expect(described.defaultId).toBe(tiny.embedderId);
      expect(described.fallbackReason).toBeUndefined();
      expect(described.available[0]).toEqual({
        id: tiny.embedderId,
        provider: 'local',
        model: tiny.model,
        dimension: tiny.dimension,
        ready: true,
      });
      expect(described.available).toEqual(
        expect.arrayContaining([
          { id: OFFLINE_EMBEDDER_ID, provider: 'offline', model: 'hash-384-v1', dimension: 384, ready: true },
          { id: 'local:other-model', provider: 'local', model: 'other-model', dimension: 16, ready: false },
          {
            id: 'openai:text-embedding-3-small',
            provider: 'openai',
            model: 'text-embedding-3-small',
            dimension: null,
            ready: false,
          },
        ]),
      );
      expect(described.available.map((e) => e.provider)).not.toContain('cohere');
    });
  });

  describe('embedDocuments', () => {
    it('cuts the texts into batches of EMBEDDING_BATCH_SIZE and returns vectors in input order', async () => {
      const s = service();
      const { embedder, documents } = await spied(s, tiny.embedderId);
      const texts = Array.from({ length: 10 }, (_, i) => `text number ${i}`);
      const progress: Array<[number, number]> = [];
      const vectors = await s.embedDocuments(tiny.embedderId, texts, { onProgress: (d, t) => progress.push([d, t]) });
      expect(documents.mock.calls.map(([batch]) => batch.length)).toEqual([4, 4, 2]);
      expect(progress).toEqual([
        [4, 10],
        [8, 10],
        [10, 10],
      ]);
      expect(vectors).toHaveLength(10);
      for (const [i, text] of texts.entries()) expect(vectors[i]).toEqual(await embedder.embedQuery(text));
    });

    it('embeds a text that occurs several times once, giving each position its own vector', async () => {
      const s = service();
      const { documents } = await spied(s, tiny.embedderId);
      const vectors = await s.embedDocuments(tiny.embedderId, ['same', 'other', 'same']);
      expect(documents.mock.calls).toEqual([[['same', 'other'], undefined]]);
      expect(vectors[2]).toEqual(vectors[0]);
      expect(vectors[2]).not.toBe(vectors[0]);
    });

    it('serves texts it has embedded before from the cache', async () => {
      const metrics = new RecordingMetrics();
      const s = service({}, metrics);
      const { documents } = await spied(s, tiny.embedderId);
      const first = await s.embedDocuments(tiny.embedderId, ['a b', 'c d', 'e f']);
      documents.mockClear();
      const progress: Array<[number, number]> = [];
      const again = await s.embedDocuments(tiny.embedderId, ['c d', 'new one', 'a b'], {
        onProgress: (d, t) => progress.push([d, t]),
      });
      expect(documents.mock.calls).toEqual([[['new one'], undefined]]);
      expect(again[0]).toEqual(first[1]);
      expect(again[2]).toEqual(first[0]);
      expect(progress).toEqual([
        [2, 3],
        [3, 3],
      ]);
      expect(metrics.texts).toEqual({ hit: 2, miss: 4 });
      expect(metrics.batches.map((b) => b.labels)).toEqual([
        { provider: 'local', model: tiny.model },
        { provider: 'local', model: tiny.model },
      ]);
    });

    it('keys the cache by embedder: the same text under another model is embedded by that model', async () => {
      const modelsDir = join(tmp.dir, 'models');
      const a = await writeTinyModel(modelsDir, { model: 'docqa-test/a', seed: 1 });
      const b = await writeTinyModel(modelsDir, { model: 'docqa-test/b', seed: 2 });
      const s = service();
      const [va] = await s.embedDocuments(a.embedderId, ['shared text']);
      const { documents } = await spied(s, b.embedderId);
      const [vb] = await s.embedDocuments(b.embedderId, ['shared text']);
      expect(documents).toHaveBeenCalledTimes(1);
      expect(vb).not.toEqual(va);
    });

    it('does not cache with EMBEDDING_CACHE_TTL_SECONDS=0', async () => {
      const s = service({ EMBEDDING_CACHE_TTL_SECONDS: '0' });
      const { documents } = await spied(s, tiny.embedderId);
      await s.embedDocuments(tiny.embedderId, ['x']);
      await s.embedDocuments(tiny.embedderId, ['x']);
      expect(documents).toHaveBeenCalledTimes(2);
    });

    it('never caches the offline embedder (computing is cheaper than a lookup)', async () => {
      const metrics = new RecordingMetrics();
      const s = service({}, metrics);
      const { documents } = await spied(s, OFFLINE_EMBEDDER_ID);
      const first = await s.embedDocuments(OFFLINE_EMBEDDER_ID, ['x', 'y']);
      expect(await s.embedDocuments(OFFLINE_EMBEDDER_ID, ['x', 'y'])).toEqual(first);
      expect(documents).toHaveBeenCalledTimes(2);
      expect(metrics.texts).toEqual({ off: 4 });
    });

    it('stops between batches when the signal aborts, with its reason', async () => {
      const s = service();
      const { documents } = await spied(s, tiny.embedderId);
      const controller = new AbortController();
      const texts = Array.from({ length: 12 }, (_, i) => `t${i}`);
      const run = s.embedDocuments(tiny.embedderId, texts, {
        signal: controller.signal,
        onProgress: () => controller.abort(new Error('document deleted')),
      });
      await expect(run).rejects.toThrow('document deleted');
      expect(documents).toHaveBeenCalledTimes(1);
    });

    it('refuses an embedder that returns the wrong number of vectors', async () => {
      const metrics = new RecordingMetrics();
      const s = service({}, metrics);
      const { documents } = await spied(s, tiny.embedderId);
      documents.mockResolvedValueOnce([]);
      const err = await errorOf(s.embedDocuments(tiny.embedderId, ['x']));
      expect(err.code).toBe(EmbeddingsErrorCode.ProviderFailed);
    });

    it('returns nothing for no texts, still checking the embedder exists', async () => {
      const s = service();
      expect(await s.embedDocuments(OFFLINE_EMBEDDER_ID, [])).toEqual([]);
      await expect(s.embedDocuments('local:missing/model', [])).rejects.toThrow(EmbeddingsException);
    });
  });

  describe('embedQuery', () => {
    it('caches queries apart from passages (providers may embed them differently)', async () => {
      const s = service();
      const { embedder, query } = await spied(s, tiny.embedderId);
      await s.embedDocuments(tiny.embedderId, ['what is x']);
      // The passage's cached vector does not answer the query: the model is asked once, then the cache answers.
      const q = await s.embedQuery(tiny.embedderId, 'what is x');
      expect(await s.embedQuery(tiny.embedderId, 'what is x')).toEqual(q);
      expect(query).toHaveBeenCalledTimes(1);
      expect(q).toEqual(await (embedder as Embedder).embedQuery('what is x'));
    });
  });

  describe('with a hosted provider (fake OpenAI server, real SDK)', () => {
    let server: FakeOpenAiServer;
    beforeEach(async () => {
      server = await startFakeOpenAi({ dimension: 1536, apiKey: 'sk-service-test' });
    });
    afterEach(() => server.close());

    it('sends one request per batch, and none for what the cache holds', async () => {
      const s = service({
        EMBEDDING_PROVIDER: 'openai',
        EMBEDDING_MODEL: '',
        OPENAI_API_KEY: 'sk-service-test',
        OPENAI_BASE_URL: server.baseUrl,
        EMBEDDING_BATCH_SIZE: '8',
      });
      const embedder = await s.defaultEmbedder();
      expect(embedder.id).toBe('openai:text-embedding-3-small');
      const texts = Array.from({ length: 20 }, (_, i) => `passage ${i}`);
      const vectors = await s.embedDocuments(embedder.id, texts);
      expect(server.embedRequests.map((r) => (r.body.input as string[]).length)).toEqual([8, 8, 4]);
      expect(await s.embedDocuments(embedder.id, texts)).toEqual(vectors);
      expect(server.embedRequests).toHaveLength(3);
    });
  });
});
