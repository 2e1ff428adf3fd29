import { existsSync } from 'node:fs';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AsyncRecognizer, PiiMatch } from '../recognizer';
import type { NerModelStatus, NerReply, NerRequest, NerWorkerData } from './ner-model.protocol';

export interface NerModelOptions {
  /** Hub-style id of a transformers.js token-classification model (e.g. `Xenova/bert-base-NER`). */
  model: string;
  modelsDir: string;
  allowDownloads: boolean;
  /** A load taking longer fails. Default 10 min (a download may be part of it). */
  loadTimeoutMs?: number;
}

// Compiled, the worker is `.mjs` beside this file's `.js`; run from sources (tests), Node strips the types of the `.mts`.
const WORKER_FILE = join(__dirname, `ner-model.worker.${extname(__filename) === '.ts' ? 'mts' : 'mjs'}`);

interface Pending {
  resolve(spans: Array<[number, number, number]>): void;
  reject(err: Error): void;
}

/**
 * PERSON from a local NER model (BERT-style token classification with PER labels, run by transformers.js in
 * a thread of its own). Scores are the model's mean token probabilities. If the thread dies, calls fail and the
 * analyzer falls back to the heuristic (see PiiService); `load` throws when the model is absent or unusable.
 */
export class NerPersonRecognizer implements AsyncRecognizer {
  readonly name = 'person-ner';
  readonly entities = ['PERSON'] as const;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private alive = true;

  private constructor(
    readonly model: string,
    private readonly worker: Worker,
  ) {
    worker.on('message', (reply: NerReply) => {
      const pending = this.pending.get(reply.id);
      if (!pending) return;
      this.pending.delete(reply.id);
      if ('error' in reply) pending.reject(new Error(`NER model "${model}" failed: ${reply.error}`));
      else pending.resolve(reply.spans);
    });
    const stopped = (reason: string) => {
      this.alive = false;
      const err = new Error(`NER model "${model}" stopped: ${reason}`);
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    worker.on('error', (err) => stopped(err.message));
    worker.on('exit', (code) => stopped(`its thread exited with code ${code}`));
  }

  /** False once the model's thread has stopped. */
  get ready(): boolean {
    return this.alive;
  }

  static async load(options: NerModelOptions): Promise<NerPersonRecognizer> {
    const { model, modelsDir, allowDownloads } = options;
    const unavailable = (reason: string) =>
      new Error(`NER model "${model}" ${reason.replaceAll(modelsDir, 'MODELS_DIR')}`);
    if (!allowDownloads && !existsSync(join(modelsDir, model, 'config.json'))) {
      throw unavailable('is not in MODELS_DIR (no config.json there) and MODEL_DOWNLOADS is off');
    }
    const worker = new Worker(WORKER_FILE, {
      workerData: { model, modelsDir, allowDownloads } satisfies NerWorkerData,
      name: `ner:${model}`,
    });
    const timeoutMs = options.loadTimeoutMs ?? 600_000;
    let timer: NodeJS.Timeout | undefined;
    const status = await new Promise<NerModelStatus>((resolve) => {
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
    if (status.type === 'ready') return new NerPersonRecognizer(model, worker);
    await worker.terminate();
    throw unavailable(
      status.stage === 'probe'
        ? `loaded but failed on a probe text: ${status.message}`
        : `could not be loaded: ${status.message}`,
    );
  }

  async recognize(text: string): Promise<PiiMatch[]> {
    if (!this.alive) throw new Error(`NER model "${this.model}" is not running`);
    const id = this.nextId++;
    const spans = await new Promise<Array<[number, number, number]>>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, text } satisfies NerRequest);
    });
    return spans.map(([start, end, score]) => ({
      entityType: 'PERSON',
      start,
      end,
      score: Math.round(score * 1000) / 1000,
      recognizer: this.name,
    }));
  }

  async dispose(): Promise<void> {
    this.alive = false;
    await this.worker.terminate();
  }
}
