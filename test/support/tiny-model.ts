import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { onnx } from 'onnx-proto';

/**
 * A tiny but real BERT-style model for transformers.js, generated so that the local embedder's loading code
 * runs in tests without downloads: an ONNX graph `last_hidden_state = tanh(Gather(embeddings, input_ids))`
 * (about 13 KB at 32 dimensions), a WordPiece `tokenizer.json` over letters and digits (every lowercase
 * word tokenizes, letter by letter), `tokenizer_config.json` and `config.json`, laid out as in a hub
 * repository: `<modelsDir>/<model>/{config.json, tokenizer.json, tokenizer_config.json, onnx/model.onnx}`.
 * Its vectors mean nothing, but they are deterministic and depend on every token the model reads.
 */
export interface TinyModelOptions {
  /** Hub-style id, the folder under modelsDir. Default `docqa-test/tiny-bert`. */
  model?: string;
  /** Hidden size, hence the embedding dimension. Default 32. */
  dimension?: number;
  /** `max_position_embeddings`; the tokenizer config deliberately sets no `model_max_length`. Default 512. */
  maxPositions?: number;
  /** Seed of the embedding table: two seeds give two different models of the same shape. */
  seed?: number;
  /** Write an ONNX file that is not a model (a model folder that cannot load). */
  corrupt?: boolean;
}

export interface TinyModel {
  modelsDir: string;
  model: string;
  /** `local:<model>`. */
  embedderId: string;
  dimension: number;
  maxPositions: number;
  folder: string;
}

const SPECIAL = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
const CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789'.split('');
/** The WordPiece vocabulary of the generated models: special tokens, then one token per letter or digit. */
export const VOCAB = [...SPECIAL, ...CHARS, ...CHARS.map((c) => `##${c}`)];

/** Park-Miller: the same table on every machine. */
function table(rows: number, columns: number, seed: number): Float32Array {
  const out = new Float32Array(rows * columns);
  let state = seed % 2147483647 || 1;
  for (let i = 0; i < out.length; i++) {
    state = (state * 48271) % 2147483647;
    out[i] = (state / 2147483647) * 2 - 1;
  }
  return out;
}

function onnxModel(dimension: number, seed: number): Uint8Array {
  const { DataType } = onnx.TensorProto;
  const tensorType = (elemType: number, dims: onnx.TensorShapeProto.IDimension[]) => ({
    tensorType: { elemType, shape: { dim: dims } },
  });
  const batchBySeq = [{ dimParam: 'batch' }, { dimParam: 'sequence' }];
  const weights = table(VOCAB.length, dimension, seed);
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'docqa-test',
    opsetImport: [{ domain: '', version: 13 }],
    graph: {
      name: 'tiny-bert',
      initializer: [
        {
          name: 'embeddings',
          dims: [VOCAB.length, dimension],
          dataType: DataType.FLOAT,
          rawData: new Uint8Array(weights.buffer),
        },
      ],
      input: [
        { name: 'input_ids', type: tensorType(DataType.INT64, batchBySeq) },
        { name: 'attention_mask', type: tensorType(DataType.INT64, batchBySeq) },
      ],
      node: [
        {
          opType: 'Gather',
          input: ['embeddings', 'input_ids'],
          output: ['gathered'],
          attribute: [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 0 }],
        },
        { opType: 'Tanh', input: ['gathered'], output: ['last_hidden_state'] },
      ],
      output: [
        {
          name: 'last_hidden_state',
          type: tensorType(DataType.FLOAT, [...batchBySeq, { dimValue: dimension }]),
        },
      ],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

/** A BERT WordPiece `tokenizer.json` over VOCAB, as transformers.js reads it. */
function tokenizerJson(): object {
  const vocab = Object.fromEntries(VOCAB.map((token, id) => [token, id]));
  const special = (id: string) => ({ SpecialToken: { id, type_id: 0 } });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL.map((content) => ({
      id: vocab[content],
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: {
      type: 'BertNormalizer',
      clean_text: true,
      handle_chinese_chars: true,
      strip_accents: null,
      lowercase: true,
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [special('[CLS]'), { Sequence: { id: 'A', type_id: 0 } }, special('[SEP]')],
      pair: [
        special('[CLS]'),
        { Sequence: { id: 'A', type_id: 0 } },
        special('[SEP]'),
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: Object.fromEntries(['[CLS]', '[SEP]'].map((t) => [t, { id: t, ids: [vocab[t]], tokens: [t] }])),
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab,
    },
  };
}

export async function writeTinyModel(modelsDir: string, options: TinyModelOptions = {}): Promise<TinyModel> {
  const model = options.model ?? 'docqa-test/tiny-bert';
  const dimension = options.dimension ?? 32;
  const maxPositions = options.maxPositions ?? 512;
  const folder = join(modelsDir, model);
  const onnxBytes = options.corrupt
    ? Buffer.from('this is not an ONNX model')
    : onnxModel(dimension, options.seed ?? 20240601);
  await writeBertModelFolder(folder, onnxBytes, {
    architectures: ['BertModel'],
    hidden_size: dimension,
    max_position_embeddings: maxPositions,
  });
  return { modelsDir, model, embedderId: `local:${model}`, dimension, maxPositions, folder };
}

/**
 * A hub-style model folder as transformers.js loads it: `onnx/model.onnx`, the WordPiece tokenizer over VOCAB and
 * its config, and a BERT `config.json` with the given fields.
 */
export async function writeBertModelFolder(folder: string, onnxBytes: Uint8Array, config: object): Promise<void> {
  await mkdir(join(folder, 'onnx'), { recursive: true });
  await writeFile(join(folder, 'onnx', 'model.onnx'), onnxBytes);
  await writeFile(join(folder, 'tokenizer.json'), JSON.stringify(tokenizerJson()));
  await writeFile(
    join(folder, 'tokenizer_config.json'),
    JSON.stringify({
      tokenizer_class: 'BertTokenizer',
      do_lower_case: true,
      cls_token: '[CLS]',
      sep_token: '[SEP]',
      pad_token: '[PAD]',
      unk_token: '[UNK]',
      mask_token: '[MASK]',
    }),
  );
  await writeFile(
    join(folder, 'config.json'),
    JSON.stringify({ model_type: 'bert', vocab_size: VOCAB.length, max_position_embeddings: 512, ...config }),
  );
}
