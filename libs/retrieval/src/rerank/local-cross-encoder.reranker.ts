import { existsSync } from 'node:fs';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type {
  CrossEncoderReply,
  CrossEncoderRequest,
  CrossEncoderStatus,
  CrossEncoderWorkerData,
} from './cross-encoder.protocol';
import { RerankerUnavailableError, type Reranker } from './reranker';

export const DEFAULT_LOCAL_RERANK_MODEL = 'Xenova/ms-marco-MiniLM-L-6-v2';
/** A model that fails to load is tried again after this long (it may have been copied in meanwhile). */
const RETRY_LOAD_AFTER_MS = 30_000;

// Compiled, the worker is `.mjs` beside this file's `.js`; run from sources (tests), Node strips the types of the `.mts`.
const WORKER_FILE = join(__dirname, `cross-encoder.worker.${extname(__filename) === '.ts' ? 'mts' : 'mjs'}`);

/**
 * A cross-encoder run by transformers.js from MODELS_DIR, in a thread of its own, loaded on first use. While
 * its model is absent (and downloads are off), every call fails with `RerankerUnavailableError` at once.
 */
export class LocalCrossEncoderReranker implements Reranker {
  readonly provider = 'local';
  private worker?: Promise<Worker>;
  private failedAt = 0;
  private readonly pending = new Map<number, { resolve(s: number[]): void; reject(e: unknown): void }>();
  private nextId = 0;

  constructor(private readonly options: CrossEncoderWorkerData) {}

  get model(): string {
    return this.options.model;
  }

  async rerank(query: string, documents: string[], signal: AbortSignal): Promise<number[]> {
    if (!documents.length) return [];
    const worker = await this.ready();
    signal.throwIfAborted();
    const id = this.nextId++;
    const scores = new Promise<number[]>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    const onAbort = () => this.settle(id, (p) => p.reject(signal.reason));
    signal.addEventListener('abort', onAbort, { once: true });
    worker.postMessage({ id, query, documents } satisfies CrossEncoderRequest);
    try {
      return await scores;
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  async dispose(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await (await worker.catch(() => undefined))?.terminate();
  }

  private ready(): Promise<Worker> {
    const { model, modelsDir, allowDownloads } = this.options;
    if (!this.worker) {
      if (Date.now() - this.failedAt < RETRY_LOAD_AFTER_MS) {
        return Promise.reject(new RerankerUnavailableError(`local reranker "${model}" failed to load recently`));
      }
      if (!allowDownloads && !existsSync(join(modelsDir, model, 'config.json'))) {
        this.failedAt = Date.now();
        return Promise.reject(
          new RerankerUnavailableError(`local reranker "${model}" is not in MODELS_DIR and MODEL_DOWNLOADS is off`),
        );
      }
      this.worker = this.start().catch((err: unknown) => {
        this.worker = undefined;
        this.failedAt = Date.now();
        throw err;
      });
    }
    return this.worker;
  }

  private async start(): Promise<Worker> {
    const worker = new Worker(WORKER_FILE, { workerData: this.options, name: `rerank:${this.options.model}` });
    const status = await new Promise<CrossEncoderStatus>((resolve) => {
      worker.once('message', resolve);
      worker.once('error', (err) => resolve({ type: 'failed', message: err.message }));
      worker.once('exit', (code) => resolve({ type: 'failed', message: `its thread exited with code ${code}` }));
    });
    if (status.type === 'failed') {
      await worker.terminate();
      throw new RerankerUnavailableError(
        `local reranker "${this.options.model}" could not be loaded: ${status.message.replaceAll(this.options.modelsDir, 'MODELS_DIR')}`,
      );
    }
    worker.on('message', (reply: CrossEncoderReply) => {
      if ('error' in reply) this.settle(reply.id, (p) => p.reject(new Error(`local reranker failed: ${reply.error}`)));
      else this.settle(reply.id, (p) => p.resolve(reply.scores));
    });
    const stopped = (reason: string) => {
      this.worker = undefined;
      for (const id of [...this.pending.keys()]) {
        this.settle(id, (p) => p.reject(new Error(`local reranker stopped: ${reason}`)));
      }
    };
    worker.on('error', (err) => stopped(err.message));
    worker.on('exit', (code) => stopped(`its thread exited with code ${code}`));
    return worker;
  }

  private settle(id: number, action: (p: { resolve(s: number[]): void; reject(e: unknown): void }) => void): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    action(pending);
  }
}
