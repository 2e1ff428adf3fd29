/** Messages between `NerPersonRecognizer` and its model thread (`ner-model.worker.mts`). */
export interface NerWorkerData {
  model: string;
  modelsDir: string;
  allowDownloads: boolean;
}

export type NerModelStatus = { type: 'ready' } | { type: 'failed'; stage: 'load' | 'probe'; message: string };

export interface NerRequest {
  id: number;
  text: string;
}

/** Person names found, as [start, end, score] offsets into the request's text. */
export type NerReply = { id: number; spans: Array<[number, number, number]> } | { id: number; error: string };
