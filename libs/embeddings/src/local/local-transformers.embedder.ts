import { existsSync } from 'node:fs';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Embedder } from '../embedder';
import { embedderId } from '../embedder-id';
import { EmbeddingsErrorCode, EmbeddingsException } from '../embeddings.errors';
import type {
  LocalEmbedReply,
  LocalEmbedRequest,
  LocalModelStatus,
  LocalModelWorkerData,
} from './local-model.protocol';

export const DEFAULT_LOCAL_MODEL = 'Xenova/all-MiniLM-L6-v2';

export interface LocalModelOptions {
  /** Hub-style id; its files live in `<modelsDir>/<model>/` (config.json, tokenizer.json, onnx/model.onnx). */
  model: string;
  modelsDir: string;
  /** Let transformers.js fetch a missing model from the Hugging Face hub into `modelsDir`. */
  allowDownloads: boolean;
  /** Another hub (a mirror); unset: https://huggingface.co. */
  hubUrl?: string;
  /** A load (download included) taking longer fails, rather than holding every caller. Default 10 min. */
  loadTimeoutMs?: number;
}

// Compiled, the worker is `.mjs` beside this file's `.js`; run from sources (tests), Node strips the types of the `.mts`.
const WORKER_FILE = join(__dirname, `local-model.worker.${extname(__filename) === '.ts' ? 'mts' : 'mjs'}`);

interface Pending {
  resolve(vectors: Float32Array[]): void;
  reject(err: unknown): void;
}

/**
 * A sentence-embedding model run by transformers.js on the CPU (onnxruntime-node) in a thread of its own
 * (see `local-model.worker.mts`): mean pooling over the last hidden state, L2-normalised, as
 * sentence-transformers models are meant to be used. Inputs longer than the model reads are truncated by its
 * tokenizer. If the thread dies, the next call starts it again.
 */
export class LocalTransformersEmbedder implements Embedder {
  readonly id: string;
  private worker?: Worker;
  private starting?: Promise<Worker>;
  private disposed = false;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;

  /** Use `load()`. */
  constructor(
    private readonly options: LocalModelOptions,
    readonly dimension: number,
    readonly maxInputTokens: number | undefined,
    worker: Worker,
  ) {
    this.id = embedderId('local', options.model);
    this.adopt(worker);
  }

  /**
   * Loads the model (in its thread) and runs one probe text through it. Throws `EMBEDDER_UNAVAILABLE` with
   * the reason; the message names MODELS_DIR, never the path on this machine.
   */
  static async load(options: LocalModelOptions): Promise<LocalTransformersEmbedder> {
    const { worker, status } = await startWorker(options);
    return new LocalTransformersEmbedder(options, status.dimension, status.maxInputTokens, worker);
  }

  async embedDocuments(texts: string[], signal?: AbortSignal): Promise<Float32Array[]> {
    signal?.throwIfAborted();
    if (!texts.length) return [];
    const worker = this.worker ?? (await this.restart());
    const id = this.nextId++;
    const vectors = new Promise<Float32Array[]>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    // An abort cannot stop a batch the model is running, but the caller need not wait for it.
    const onAbort = () => this.settle(id, (p) => p.reject(signal!.reason));
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.postMessage({ id, texts } satisfies LocalEmbedRequest);
    try {
      return await vectors;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  async embedQuery(text: string, signal?: AbortSignal): Promise<Float32Array> {
    return (await this.embedDocuments([text], signal))[0];
  }

  /** Stops the model's thread (its memory is outside the JS heap). */
  async dispose(): Promise<void> {
    this.disposed = true;
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  /** A new thread after the last one died; concurrent callers share it. */
  private restart(): Promise<Worker> {
    if (this.disposed) {
      return Promise.reject(
        new EmbeddingsException(
          EmbeddingsErrorCode.EmbedderUnavailable,
          `local embedding model "${this.options.model}" was unloaded`,
          {
            provider: 'local',
          },
        ),
      );
    }
    this.starting ??= startWorker(this.options)
      .then(async ({ worker, status }) => {
        if (status.dimension === this.dimension) return this.adopt(worker);
        await worker.terminate();
        throw new EmbeddingsException(
          EmbeddingsErrorCode.EmbedderUnavailable,
          `local embedding model "${this.options.model}" changed on disk (dimension ${status.dimension}, was ${this.dimension})`,
          { provider: 'local' },
        );
      })
      .finally(() => (this.starting = undefined));
    return this.starting;
  }

  private adopt(worker: Worker): Worker {
    this.worker = worker;
    worker.on('message', (reply: LocalEmbedReply) => {
      if ('error' in reply) {
        const err = new EmbeddingsException(
          EmbeddingsErrorCode.ProviderFailed,
          `local embedding model "${this.options.model}" failed: ${reply.error}`,
          { provider: 'local' },
        );
        this.settle(reply.id, (p) => p.reject(err));
        return;
      }
      // Rows copied into arrays of this realm: the worker's buffer arrives as one block.
      const rows: Float32Array[] = [];
      for (let i = 0; i < reply.count; i++) {
        rows.push(Float32Array.from(reply.data.subarray(i * reply.dimension, (i + 1) * reply.dimension)));
      }
      this.settle(reply.id, (p) => p.resolve(rows));
    });
    const stopped = (reason: string) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      const err = new EmbeddingsException(
        EmbeddingsErrorCode.ProviderFailed,
        `local embedding model "${this.options.model}" stopped: ${reason}`,
        { provider: 'local' },
      );
      for (const id of [...this.pending.keys()]) this.settle(id, (p) => p.reject(err));
    };
    worker.on('error', (err) => stopped(err.message));
    worker.on('exit', (code) => stopped(`its thread exited with code ${code}`));
    return worker;
  }

  private settle(id: number, action: (p: Pending) => void): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    action(pending);
  }
}

async function startWorker(
  options: LocalModelOptions,
): Promise<{ worker: Worker; status: Extract<LocalModelStatus, { type: 'ready' }> }> {
  const { model, modelsDir, allowDownloads, hubUrl } = options;
  const unavailable = (reason: string) =>
    new EmbeddingsException(
      EmbeddingsErrorCode.EmbedderUnavailable,
      `local embedding model "${model}" ${reason.replaceAll(modelsDir, 'MODELS_DIR')}`,
      { provider: 'local' },
    );
  if (!allowDownloads && !existsSync(join(modelsDir, model, 'config.json'))) {
    throw unavailable('is not in MODELS_DIR (no config.json there) and MODEL_DOWNLOADS is off');
  }
  const worker = new Worker(WORKER_FILE, {
    workerData: { model, modelsDir, allowDownloads, hubUrl } satisfies LocalModelWorkerData,
    name: `embeddings:${model}`,
  });
  const timeoutMs = options.loadTimeoutMs ?? 600_000;
  let timer: NodeJS.Timeout | undefined;
  const status = await new Promise<LocalModelStatus>((resolve) => {
    timer = setTimeout(
      () => resolve({ type: 'failed', stage: 'load', message: `it did not load within ${timeoutMs / 1000} s` }),
      timeoutMs,
    );
    worker.once('message', resolve);
    worker.once('error', (err) => resolve({ type: 'failed', stage: 'load', message: err.message }));
    worker.once('exit', (code) =>
      resolve({ type: 'failed', stage: 'load', message: `the model thread exited with code ${code}` }),
    );
  });
  clearTimeout(timer);
  if (status.type === 'ready') return { worker, status };
  await worker.terminate();
  throw unavailable(
    status.stage === 'probe'
      ? `loaded but failed on a probe text: ${status.message}`
      : `could not be loaded: ${status.message}`,
  );
}
