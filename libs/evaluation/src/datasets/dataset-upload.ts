import type { FastifyRequest } from 'fastify';
import { EvaluationErrorCode, EvaluationException } from '../evaluation.errors';

export interface DatasetUpload {
  name: string;
  description?: string;
  content: string;
}

function tooLarge(maxBytes: number): EvaluationException {
  return new EvaluationException(
    EvaluationErrorCode.DatasetTooLarge,
    `the dataset file is larger than ${maxBytes} bytes`,
  );
}

/** The dataset's name when the form gives none: the file's name without its extension. */
export function nameFromFilename(filename: string): string {
  return (
    filename
      .replace(/^.*[\\/]/, '')
      .replace(/\.[A-Za-z0-9]{1,8}$/, '')
      .trim()
      .slice(0, 200) || 'dataset'
  );
}

/**
 * Reads a multipart dataset upload: the JSONL file in the field `file` (held in memory, cut off at
 * `maxBytes`), and the optional `name` and `description` fields, in any order.
 */
export async function readDatasetUpload(request: FastifyRequest, maxBytes: number): Promise<DatasetUpload> {
  const fields: Record<string, string> = {};
  let file: { filename: string; bytes: Buffer } | undefined;
  try {
    for await (const part of request.parts()) {
      if (part.type !== 'file') {
        if (typeof part.value === 'string') fields[part.fieldname] = part.value;
        continue;
      }
      if (part.fieldname !== 'file' || file) {
        part.file.resume();
        throw new EvaluationException(
          EvaluationErrorCode.NoDataset,
          `unexpected file field "${part.fieldname}": send one JSONL file in the field "file"`,
        );
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of part.file as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > maxBytes) {
          part.file.resume();
          throw tooLarge(maxBytes);
        }
        chunks.push(chunk);
      }
      file = { filename: part.filename || 'dataset.jsonl', bytes: Buffer.concat(chunks) };
    }
  } catch (err) {
    if ((err as { code?: string })?.code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(maxBytes);
    throw err;
  }
  if (!file) {
    throw new EvaluationException(
      EvaluationErrorCode.NoDataset,
      'no file: send the JSONL in the multipart field "file"',
    );
  }
  let content: string;
  try {
    content = new TextDecoder('utf-8', { fatal: true }).decode(file.bytes);
  } catch {
    throw new EvaluationException(EvaluationErrorCode.InvalidDataset, 'the dataset file is not UTF-8 text');
  }
  const name = fields.name?.trim() || nameFromFilename(file.filename);
  return { name, description: fields.description, content };
}
