import { join } from 'node:path';
import { onnx } from 'onnx-proto';
import { VOCAB, writeBertModelFolder } from '../../support/tiny-model';

/**
 * A tiny but real token-classification model for transformers.js, generated so that the NER recognizer's
 * loading and inference code runs in tests without downloads: `logits = Gather(table, input_ids)` over a
 * WordPiece vocabulary of single letters and digits, with the labels O, B-PER and I-PER. Its "knowledge" is
 * simple and exact: a word made only of the letters x, y and z is a person (B-PER on its first letter, I-PER
 * on the rest); every other token is O. Laid out as a hub repository under `<modelsDir>/<model>/`.
 */
const LABELS = ['O', 'B-PER', 'I-PER'];
const PERSON_LETTERS = new Set(['x', 'y', 'z']);

function logitsTable(): Float32Array {
  const table = new Float32Array(VOCAB.length * LABELS.length);
  VOCAB.forEach((token, i) => {
    const continuation = token.startsWith('##');
    const letter = continuation ? token.slice(2) : token;
    const label = PERSON_LETTERS.has(letter) ? (continuation ? 2 : 1) : 0;
    table[i * LABELS.length + label] = 6;
  });
  return table;
}

function onnxModel(): Uint8Array {
  const { DataType } = onnx.TensorProto;
  const tensorType = (elemType: number, dims: onnx.TensorShapeProto.IDimension[]) => ({
    tensorType: { elemType, shape: { dim: dims } },
  });
  const batchBySeq = [{ dimParam: 'batch' }, { dimParam: 'sequence' }];
  const table = logitsTable();
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'docqa-test',
    opsetImport: [{ domain: '', version: 13 }],
    graph: {
      name: 'tiny-ner',
      initializer: [
        {
          name: 'table',
          dims: [VOCAB.length, LABELS.length],
          dataType: DataType.FLOAT,
          rawData: new Uint8Array(table.buffer),
        },
      ],
      input: [
        { name: 'input_ids', type: tensorType(DataType.INT64, batchBySeq) },
        { name: 'attention_mask', type: tensorType(DataType.INT64, batchBySeq) },
      ],
      node: [
        {
          opType: 'Gather',
          input: ['table', 'input_ids'],
          output: ['logits'],
          attribute: [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 0 }],
        },
      ],
      output: [{ name: 'logits', type: tensorType(DataType.FLOAT, [...batchBySeq, { dimValue: LABELS.length }]) }],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

export interface TinyNerModel {
  modelsDir: string;
  model: string;
}

export async function writeTinyNerModel(
  modelsDir: string,
  options: { model?: string; labels?: string[] } = {},
): Promise<TinyNerModel> {
  const model = options.model ?? 'docqa-test/tiny-ner';
  const labels = options.labels ?? LABELS;
  const folder = join(modelsDir, model);
  await writeBertModelFolder(folder, onnxModel(), {
    architectures: ['BertForTokenClassification'],
    id2label: Object.fromEntries(labels.map((l, i) => [String(i), l])),
    label2id: Object.fromEntries(labels.map((l, i) => [l, i])),
  });
  return { modelsDir, model };
}
