import { parentPort, workerData } from 'node:worker_threads';
import type { TokenClassificationPipeline } from '@huggingface/transformers';
import type { NerModelStatus, NerReply, NerRequest, NerWorkerData } from './ner-model.protocol.js';

/**
 * The thread a NER model runs in (onnxruntime-node and the tokenizer would otherwise hold the event loop).
 * Texts are cut into windows the model reads whole; each window's tokens are tagged, aligned back to the
 * text and grouped into person spans.
 */

/** Characters per window: about 250 tokens of English, well inside a BERT model's 512 positions. */
const WINDOW_CHARS = 1000;
const PERSON_LABELS = new Set(['PER', 'PERSON']);

const port = parentPort!;
const { model, modelsDir, allowDownloads } = workerData as NerWorkerData;

/** One token as the pipeline reports it without aggregation (every label kept, O included). */
interface TokenTag {
  entity: string;
  score: number;
  /** Position in the tokenized input. */
  index: number;
  /** The token decoded alone: a WordPiece continuation keeps its `##`. */
  word: string;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The end of the window starting at `start`: a line break, else a sentence end, else a space in its second half. */
function windowEnd(text: string, start: number): number {
  const end = Math.min(text.length, start + WINDOW_CHARS);
  if (end === text.length) return end;
  const slice = text.slice(start, end);
  const cut = [slice.lastIndexOf('\n'), slice.lastIndexOf('. '), slice.lastIndexOf(' ')].find(
    (i) => i > WINDOW_CHARS / 2,
  );
  return cut === undefined ? end : start + cut + 1;
}

/** How far past the previous token the next one may start (spaces, punctuation the tokenizer dropped). */
const MAX_GAP = 64;

/**
 * The character span of each token in the window. transformers.js gives tokens but no offsets, so the tokens
 * (all of them, in order) are found again one after the other; a token that cannot be found nearby (an
 * accent the tokenizer stripped) gets none and the alignment goes on from where it was.
 */
function align(window: string, tokens: TokenTag[]): Array<[number, number] | undefined> {
  const lower = window.toLowerCase();
  let cursor = 0;
  return tokens.map((t) => {
    const piece = t.word.replace(/^##/, '').toLowerCase();
    if (!piece) return undefined;
    const at = lower.indexOf(piece, cursor);
    if (at < 0 || at - cursor > MAX_GAP) return undefined;
    cursor = at + piece.length;
    return [at, cursor];
  });
}

/**
 * Person spans from tagged tokens: a B- tag or a tag after a gap starts a span, an I- tag on the next token
 * continues it. (transformers.js's own "simple" aggregation joins I- tokens across untagged ones, and gives no
 * offsets.) A span starting inside a word (on a `##` piece) is dropped: it is a fragment, not a name.
 */
function personSpans(window: string, tokens: TokenTag[]): Array<[number, number, number]> {
  const where = align(window, tokens);
  const spans: Array<[number, number, number]> = [];
  let open: { start: number; end: number; scores: number[]; lastIndex: number } | undefined;
  const close = () => {
    if (open) spans.push([open.start, open.end, open.scores.reduce((a, b) => a + b, 0) / open.scores.length]);
    open = undefined;
  };
  tokens.forEach((t, i) => {
    const [prefix, label] = /^[BIES]-/.test(t.entity) ? [t.entity[0], t.entity.slice(2)] : ['I', t.entity];
    const at = where[i];
    if (!PERSON_LABELS.has(label) || !at) return close();
    const continues = open && prefix !== 'B' && prefix !== 'S' && t.index === open.lastIndex + 1;
    if (!continues) {
      close();
      if (t.word.startsWith('##')) return;
      open = { start: at[0], end: at[1], scores: [], lastIndex: t.index };
    }
    open!.end = at[1];
    open!.scores.push(t.score);
    open!.lastIndex = t.index;
    if (prefix === 'E' || prefix === 'S') close();
  });
  close();
  return spans;
}

async function people(ner: TokenClassificationPipeline, text: string): Promise<Array<[number, number, number]>> {
  const spans: Array<[number, number, number]> = [];
  let start = 0;
  while (start < text.length) {
    let end = windowEnd(text, start);
    const window = text.slice(start, end);
    if (window.trim()) {
      const tokens = (await ner(window, { ignore_labels: [] })) as unknown as TokenTag[];
      let found = personSpans(window, tokens);
      // Text denser in tokens than usual (digits, code, rare words) overruns the model and is truncated: the
      // window then ends at the last whole word the model read, and the rest starts the next one.
      const read = lastAlignedEnd(window, tokens);
      if (/[\p{L}\p{N}]/u.test(window.slice(read))) {
        const cut = window.lastIndexOf(' ', read - 1);
        if (cut > 0) {
          end = start + cut + 1;
          found = found.filter(([, e]) => e <= cut);
        }
      }
      for (const [s, e, score] of found) spans.push([start + s, start + e, score]);
    }
    start = end;
  }
  return spans;
}

function lastAlignedEnd(window: string, tokens: TokenTag[]): number {
  let last = 0;
  for (const at of align(window, tokens)) if (at) last = at[1];
  return last;
}

/** As the embedder's thread does: cap the tokenizer to the positions the model has when its config sets no limit. */
function clampTokenizerLength(ner: TokenClassificationPipeline): void {
  const config = ner.model.config as { max_position_embeddings?: number };
  const tokenizer = ner.tokenizer as unknown as { _tokenizerConfig: { model_max_length?: number } };
  const declared = tokenizer._tokenizerConfig.model_max_length;
  const positions = config.max_position_embeddings;
  if (positions && !(typeof declared === 'number' && declared <= positions)) {
    tokenizer._tokenizerConfig.model_max_length = positions;
  }
}

function send(message: NerModelStatus | NerReply): void {
  port.postMessage(message);
}

async function start(): Promise<void> {
  let ner: TokenClassificationPipeline;
  try {
    const { env, LogLevel, pipeline } = await import('@huggingface/transformers');
    env.allowLocalModels = true;
    env.localModelPath = modelsDir;
    env.cacheDir = modelsDir;
    env.allowRemoteModels = allowDownloads;
    env.logLevel = LogLevel.NONE;
    ner = await pipeline('token-classification', model, {
      device: 'cpu',
      local_files_only: !allowDownloads,
      cache_dir: modelsDir,
      session_options: { logSeverityLevel: 4 },
    });
    clampTokenizerLength(ner);
  } catch (err) {
    send({ type: 'failed', stage: 'load', message: messageOf(err) });
    return;
  }
  try {
    const labels = Object.values((ner.model.config as { id2label?: Record<string, string> }).id2label ?? {});
    if (!labels.some((l) => PERSON_LABELS.has(l.replace(/^[BIES]-/, '')))) {
      throw new Error('the model has no PER or PERSON label');
    }
    await people(ner, 'Probe text about Ada Lovelace.');
  } catch (err) {
    send({ type: 'failed', stage: 'probe', message: messageOf(err) });
    return;
  }
  port.on('message', (request: NerRequest) => {
    people(ner, request.text).then(
      (spans) => send({ id: request.id, spans }),
      (err: unknown) => send({ id: request.id, error: messageOf(err) }),
    );
  });
  send({ type: 'ready' });
}

void start();
