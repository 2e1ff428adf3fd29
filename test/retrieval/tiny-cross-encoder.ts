import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { onnx } from 'onnx-proto';
import { writeTinyModel } from '../support/tiny-model';

/** The tiny BERT's vocabulary size and where "x" and "##x" sit in it (see test/support/tiny-model.ts). */
const VOCAB_SIZE = 5 + 36 + 36;
const X_IDS = [5 + 23, 5 + 36 + 23];

/**
 * A tiny but real cross-encoder for transformers.js (`AutoModelForSequenceClassification`): the tiny BERT's
 * tokenizer and an ONNX graph `logits = ReduceSum(Gather(weights, input_ids), axis 1)` whose weights are 1 for
 * the letter x and 0 elsewhere, so a (query, passage) pair scores the number of x's it holds: tests know the
 * order a real reranker call must produce.
 */
export async function writeTinyCrossEncoder(
  modelsDir: string,
  model = 'docqa-test/tiny-cross-encoder',
): Promise<string> {
  const { folder } = await writeTinyModel(modelsDir, { model });
  const { DataType } = onnx.TensorProto;
  const weights = new Float32Array(VOCAB_SIZE);
  for (const id of X_IDS) weights[id] = 1;
  const dims = (...d: onnx.TensorShapeProto.IDimension[]) => ({
    tensorType: { elemType: DataType.FLOAT, shape: { dim: d } },
  });
  const int64 = (...d: onnx.TensorShapeProto.IDimension[]) => ({
    tensorType: { elemType: DataType.INT64, shape: { dim: d } },
  });
  const bytes = onnx.ModelProto.encode(
    onnx.ModelProto.create({
      irVersion: 8,
      producerName: 'docqa-test',
      opsetImport: [{ domain: '', version: 13 }],
      graph: {
        name: 'tiny-cross-encoder',
        initializer: [
          { name: 'weights', dims: [VOCAB_SIZE, 1], dataType: DataType.FLOAT, rawData: new Uint8Array(weights.buffer) },
          { name: 'axes', dims: [1], dataType: DataType.INT64, int64Data: [1] },
        ],
        input: [
          { name: 'input_ids', type: int64({ dimParam: 'batch' }, { dimParam: 'sequence' }) },
          { name: 'attention_mask', type: int64({ dimParam: 'batch' }, { dimParam: 'sequence' }) },
        ],
        node: [
          {
            opType: 'Gather',
            input: ['weights', 'input_ids'],
            output: ['per_token'],
            attribute: [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 0 }],
          },
          {
            opType: 'ReduceSum',
            input: ['per_token', 'axes'],
            output: ['logits'],
            attribute: [{ name: 'keepdims', type: onnx.AttributeProto.AttributeType.INT, i: 0 }],
          },
        ],
        output: [{ name: 'logits', type: dims({ dimParam: 'batch' }, { dimValue: 1 }) }],
      },
    }),
  ).finish();
  await writeFile(join(folder, 'onnx', 'model.onnx'), bytes);
  await writeFile(
    join(folder, 'config.json'),
    JSON.stringify({
      model_type: 'bert',
      architectures: ['BertForSequenceClassification'],
      num_labels: 1,
      id2label: { 0: 'LABEL_0' },
      label2id: { LABEL_0: 0 },
      vocab_size: VOCAB_SIZE,
      hidden_size: 1,
      max_position_embeddings: 512,
    }),
  );
  return model;
}
