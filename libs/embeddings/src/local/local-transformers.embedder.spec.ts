import { existsSync, readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { tempDataDir, type TempDir } from '../../../../test/support/test-env';
import { writeTinyModel } from '../../../../test/support/tiny-model';
import { EmbeddingsErrorCode, EmbeddingsException } from '../embeddings.errors';
import { dot } from '../vector-math';
import { LocalTransformersEmbedder } from './local-transformers.embedder';

describe('LocalTransformersEmbedder on a generated model (real transformers.js, no network)', () => {
  let tmp: TempDir;
  const loaded: LocalTransformersEmbedder[] = [];

  beforeEach(async () => {
    tmp = await tempDataDir();
  });

  afterEach(async () => {
    await Promise.all(loaded.splice(0).map((e) => e.dispose()));
    await tmp.cleanup();
  });

  async function load(model: string, allowDownloads = false): Promise<LocalTransformersEmbedder> {
    const embedder = await LocalTransformersEmbedder.load({ model, modelsDir: tmp.dir, allowDownloads });
    loaded.push(embedder);
    return embedder;
  }

  it('loads from MODELS_DIR and reads the dimension from the model', async () => {
    const tiny = await writeTinyModel(tmp.dir, { dimension: 24 });
    const embedder = await load(tiny.model);
    expect(embedder.id).toBe(`local:${tiny.model}`);
    expect(embedder.dimension).toBe(24);
    expect(embedder.maxInputTokens).toBe(tiny.maxPositions);
  });

  it('returns unit vectors of that dimension, one per text, in order, the same on every call', async () => {
    const tiny = await writeTinyModel(tmp.dir);
    const embedder = await load(tiny.model);
    const texts = ['the quick brown fox', 'a lazy dog', 'zebra 42'];
    const vectors = await embedder.embedDocuments(texts);
    expect(vectors).toHaveLength(3);
    for (const v of vectors) {
      expect(v).toBeInstanceOf(Float32Array);
      expect(v).toHaveLength(tiny.dimension);
      expect(dot(v, v)).toBeCloseTo(1, 5);
    }
    expect(dot(vectors[0], vectors[1])).toBeLessThan(0.9999);
    // Batched with padding or alone: the same vector (mean pooling ignores padding).
    const alone = await embedder.embedQuery(texts[1]);
    for (let i = 0; i < alone.length; i++) expect(alone[i]).toBeCloseTo(vectors[1][i], 5);
    expect(await embedder.embedDocuments(texts)).toEqual(vectors);
  });

  it('truncates inputs to what the model reads even when the tokenizer config sets no limit', async () => {
    const tiny = await writeTinyModel(tmp.dir, { maxPositions: 16 });
    const embedder = await load(tiny.model);
    // One token per letter: [CLS] + 15 letters fill the 16 positions; what follows is not read.
    const prefix = 'a b c d e f g h i j k l m n o';
    const [a, b, short] = await embedder.embedDocuments([`${prefix} p q r`, `${prefix} x y z 1 2 3 4 5`, 'a b c']);
    expect(a).toEqual(b);
    expect(a).not.toEqual(short);
  });

  it('rejects with EMBEDDER_UNAVAILABLE, naming MODELS_DIR and MODEL_DOWNLOADS, when the folder is absent', async () => {
    const err = await LocalTransformersEmbedder.load({
      model: 'nobody/absent-model',
      modelsDir: tmp.dir,
      allowDownloads: false,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EmbeddingsException);
    expect((err as EmbeddingsException).code).toBe(EmbeddingsErrorCode.EmbedderUnavailable);
    expect((err as Error).message).toMatch(/nobody\/absent-model.*MODELS_DIR.*MODEL_DOWNLOADS/);
    expect((err as Error).message).not.toContain(tmp.dir);
  });

  it('rejects with the reason when the model files are broken, without the path on this machine', async () => {
    const tiny = await writeTinyModel(tmp.dir, { corrupt: true });
    const err = await LocalTransformersEmbedder.load({
      model: tiny.model,
      modelsDir: tmp.dir,
      allowDownloads: false,
    }).catch((e: unknown) => e);
    expect((err as EmbeddingsException).code).toBe(EmbeddingsErrorCode.EmbedderUnavailable);
    expect((err as Error).message).toMatch(/could not be loaded: .*(protobuf|parse)/i);
    expect((err as Error).message).not.toContain(tmp.dir);
  });

  it('fails on the probe, not during an ingestion, when the tokenizer does not match the model', async () => {
    const tiny = await writeTinyModel(tmp.dir);
    // A vocabulary larger than the embedding table: ids past its end make Gather fail.
    const tokenizer = JSON.parse(
      await import('node:fs/promises').then((fs) => fs.readFile(join(tiny.folder, 'tokenizer.json'), 'utf8')),
    ) as { model: { vocab: Record<string, number> } };
    for (const token of Object.keys(tokenizer.model.vocab)) {
      if (token !== '[CLS]' && token !== '[SEP]' && token !== '[PAD]') tokenizer.model.vocab[token] += 1000;
    }
    await writeFile(join(tiny.folder, 'tokenizer.json'), JSON.stringify(tokenizer));
    const err = await LocalTransformersEmbedder.load({
      model: tiny.model,
      modelsDir: tmp.dir,
      allowDownloads: false,
    }).catch((e: unknown) => e);
    expect((err as EmbeddingsException).code).toBe(EmbeddingsErrorCode.EmbedderUnavailable);
    expect((err as Error).message).toMatch(/failed on a probe text/);
  });

  it('starts the model thread again when it died, and refuses work once disposed', async () => {
    const tiny = await writeTinyModel(tmp.dir);
    const embedder = await load(tiny.model);
    const before = await embedder.embedQuery('hello');
    await (embedder as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    expect(await embedder.embedQuery('hello')).toEqual(before);
    await embedder.dispose();
    await expect(embedder.embedQuery('hello')).rejects.toThrow(/unloaded/);
  });

  it('loads a model copied in after a failed attempt', async () => {
    await expect(
      LocalTransformersEmbedder.load({ model: 'docqa-test/late', modelsDir: tmp.dir, allowDownloads: false }),
    ).rejects.toThrow(EmbeddingsException);
    await writeTinyModel(tmp.dir, { model: 'docqa-test/late' });
    expect((await load('docqa-test/late')).dimension).toBe(32);
    await rm(join(tmp.dir, 'docqa-test'), { recursive: true });
  });
});

describe('LocalTransformersEmbedder with MODEL_DOWNLOADS=true (a fake hub, no network)', () => {
  let source: TempDir;
  let target: TempDir;
  let hub: Server;
  let hubUrl: string;
  const requested: string[] = [];

  beforeAll(async () => {
    source = await tempDataDir();
    await writeTinyModel(source.dir, { model: 'docqa-test/hub-model' });
    // The hub's layout: /<model>/resolve/<revision>/<file>.
    hub = createServer((req, res) => {
      requested.push(req.url ?? '');
      const match = /^\/(.+?)\/resolve\/main\/(.+)$/.exec(req.url ?? '');
      const file = match && join(source.dir, match[1], match[2]);
      if (!file || !existsSync(file)) {
        res.writeHead(404).end('not found');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(readFileSync(file));
    });
    await new Promise<void>((resolve) => hub.listen(0, '127.0.0.1', resolve));
    hubUrl = `http://127.0.0.1:${(hub.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => hub.close(() => resolve()));
    await source.cleanup();
  });
  beforeEach(async () => (target = await tempDataDir()));
  afterEach(() => target.cleanup());

  it('downloads a missing model into MODELS_DIR, from where it then loads without downloads', async () => {
    const model = 'docqa-test/hub-model';
    const downloaded = await LocalTransformersEmbedder.load({
      model,
      modelsDir: target.dir,
      allowDownloads: true,
      hubUrl,
    });
    const vector = await downloaded.embedQuery('hello');
    await downloaded.dispose();
    expect(requested.some((url) => url.endsWith('/onnx/model.onnx'))).toBe(true);
    expect(existsSync(join(target.dir, model, 'onnx', 'model.onnx'))).toBe(true);

    requested.length = 0;
    const offline = await LocalTransformersEmbedder.load({ model, modelsDir: target.dir, allowDownloads: false });
    expect(await offline.embedQuery('hello')).toEqual(vector);
    await offline.dispose();
    expect(requested).toEqual([]);
  });

  it('gives up on a load that takes too long (a stalled download)', async () => {
    const stalled = createServer(() => undefined);
    await new Promise<void>((resolve) => stalled.listen(0, '127.0.0.1', resolve));
    try {
      const err = await LocalTransformersEmbedder.load({
        model: 'docqa-test/hub-model',
        modelsDir: target.dir,
        allowDownloads: true,
        hubUrl: `http://127.0.0.1:${(stalled.address() as { port: number }).port}`,
        loadTimeoutMs: 500,
      }).catch((e: unknown) => e);
      expect((err as EmbeddingsException).code).toBe(EmbeddingsErrorCode.EmbedderUnavailable);
      expect((err as Error).message).toMatch(/did not load within 0.5 s/);
    } finally {
      stalled.closeAllConnections();
      await new Promise<void>((resolve) => stalled.close(() => resolve()));
    }
  });

  it('reports a model the hub does not have', async () => {
    const err = await LocalTransformersEmbedder.load({
      model: 'nobody/not-on-the-hub',
      modelsDir: target.dir,
      allowDownloads: true,
      hubUrl,
    }).catch((e: unknown) => e);
    expect((err as EmbeddingsException).code).toBe(EmbeddingsErrorCode.EmbedderUnavailable);
    expect((err as Error).message).toMatch(/could not be loaded/);
  });
});
