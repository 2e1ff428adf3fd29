import { parentPort, workerData } from 'node:worker_threads';
import type {
  CrossEncoderReply,
  CrossEncoderRequest,
  CrossEncoderStatus,
  CrossEncoderWorkerData,
} from './cross-encoder.protocol.js';

/**
 * The thread a local cross-encoder runs in (onnxruntime runs inference synchronously on its calling thread):
 * each (query, passage) pair is read together and the model's last logit is the relevance score, as
 * ms-marco cross-encoders are meant to be used.
 */
const port = parentPort!;
const { model, modelsDir, allowDownloads } = workerData as CrossEncoderWorkerData;
/** Tokens per pair: what BERT-style cross-encoders read. */
const MAX_LENGTH = 512;

function send(message: CrossEncoderStatus | CrossEncoderReply): void {
  port.postMessage(message);
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

async function start(): Promise<void> {
  const { env, LogLevel, AutoTokenizer, AutoModelForSequenceClassification } =
    await import('@huggingface/transformers');
  env.allowLocalModels = true;
  env.localModelPath = modelsDir;
  env.cacheDir = modelsDir;
  env.allowRemoteModels = allowDownloads;
  env.logLevel = LogLevel.NONE;
  const options = { local_files_only: !allowDownloads, cache_dir: modelsDir };
  const tokenizer = await AutoTokenizer.from_pretrained(model, options);
  const net = await AutoModelForSequenceClassification.from_pretrained(model, {
    ...options,
    device: 'cpu',
    session_options: { logSeverityLevel: 4 },
  });
  port.on('message', (request: CrossEncoderRequest) => {
    void (async () => {
      try {
        const inputs = tokenizer(new Array<string>(request.documents.length).fill(request.query), {
          text_pair: request.documents,
          padding: true,
          truncation: true,
          max_length: MAX_LENGTH,
        });
        const { logits } = (await net(inputs)) as { logits: { data: ArrayLike<number>; dims: number[] } };
        const columns = logits.dims[1] ?? 1;
        const scores = request.documents.map((_, i) => Number(logits.data[i * columns + columns - 1]));
        send({ id: request.id, scores });
      } catch (err) {
        send({ id: request.id, error: messageOf(err) });
      }
    })();
  });
  send({ type: 'ready' });
}

start().catch((err: unknown) => send({ type: 'failed', message: messageOf(err) }));
