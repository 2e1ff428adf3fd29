import { parentPort, workerData } from 'node:worker_threads';
import type { FeatureExtractionPipeline, Tensor } from '@huggingface/transformers';
import type {
  LocalEmbedReply,
  LocalEmbedRequest,
  LocalModelStatus,
  LocalModelWorkerData,
} from './local-model.protocol.js';

/**
 * The thread a local model runs in. onnxruntime-node runs inference synchronously on the thread that calls
 * it, and tokenizing is plain JavaScript: on the main thread a batch would stall the event loop for up to a
 * second (HTTP requests, job lock renewals). One thread per loaded model; it also gives each model its own
 * copy of transformers.js's process-wide `env`.
 */

/** Position-embedding slots that RoBERTa-style models reserve before the first token. */
const POSITION_OFFSET: Record<string, number> = { roberta: 2, 'xlm-roberta': 2, camembert: 2 };

const port = parentPort!;
const { model, modelsDir, allowDownloads, hubUrl } = workerData as LocalModelWorkerData;

function send(message: LocalModelStatus | LocalEmbedReply, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * The pipeline truncates to the tokenizer's `model_max_length`, which many exported tokenizers leave unset
 * (no truncation at all): a long input then overruns the position embeddings and the model fails. Cap it
 * to what the model config says it can read.
 */
function clampTokenizerLength(extractor: FeatureExtractionPipeline): number | undefined {
  const config = extractor.model.config as { max_position_embeddings?: number; model_type?: string };
  const tokenizer = extractor.tokenizer as unknown as { _tokenizerConfig: { model_max_length?: number } };
  const declared = tokenizer._tokenizerConfig.model_max_length;
  const positions = config.max_position_embeddings
    ? config.max_position_embeddings - (POSITION_OFFSET[config.model_type ?? ''] ?? 0)
    : undefined;
  if (positions && !(typeof declared === 'number' && declared <= positions)) {
    tokenizer._tokenizerConfig.model_max_length = positions;
  }
  const effective = tokenizer._tokenizerConfig.model_max_length;
  return typeof effective === 'number' && Number.isFinite(effective) ? effective : undefined;
}

async function embed(extractor: FeatureExtractionPipeline, texts: string[]): Promise<Tensor> {
  return extractor(texts, { pooling: 'mean', normalize: true });
}

async function start(): Promise<void> {
  let extractor: FeatureExtractionPipeline;
  try {
    const { env, LogLevel, pipeline } = await import('@huggingface/transformers');
    env.allowLocalModels = true;
    env.localModelPath = modelsDir;
    // Downloads land where local models are looked up (`<modelsDir>/<model>/...`): the next start needs no network.
    env.cacheDir = modelsDir;
    env.allowRemoteModels = allowDownloads;
    if (hubUrl) env.remoteHost = hubUrl.endsWith('/') ? hubUrl : `${hubUrl}/`;
    // Failures reach the caller as messages; the library's and onnxruntime's console output would only repeat them.
    env.logLevel = LogLevel.NONE;
    extractor = await pipeline('feature-extraction', model, {
      device: 'cpu',
      local_files_only: !allowDownloads,
      cache_dir: modelsDir,
      session_options: { logSeverityLevel: 4 },
    });
  } catch (err) {
    send({ type: 'failed', stage: 'load', message: messageOf(err) });
    return;
  }
  let dimension: number;
  let maxInputTokens: number | undefined;
  try {
    maxInputTokens = clampTokenizerLength(extractor);
    // One text through the model: its output gives the dimension, and a model that loads but cannot run
    // fails here rather than during an ingestion.
    const probe = await embed(extractor, ['dimension probe']);
    dimension = probe.dims[1];
    const values = probe.data as Float32Array;
    if (!dimension || !values.every(Number.isFinite)) throw new Error('the model returned no usable vector');
  } catch (err) {
    send({ type: 'failed', stage: 'probe', message: messageOf(err) });
    return;
  }
  port.on('message', (request: LocalEmbedRequest) => {
    embed(extractor, request.texts).then(
      (output) => {
        const data = (output.data as Float32Array).slice();
        send({ id: request.id, data, count: output.dims[0], dimension: output.dims[1] }, [data.buffer]);
      },
      (err: unknown) => send({ id: request.id, error: messageOf(err) }),
    );
  });
  send({ type: 'ready', dimension, maxInputTokens });
}

void start();
