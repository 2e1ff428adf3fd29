/** Messages between `LocalCrossEncoderReranker` and its model thread (`cross-encoder.worker.mts`). */
export interface CrossEncoderWorkerData {
  model: string;
  modelsDir: string;
  allowDownloads: boolean;
}

export type CrossEncoderStatus = { type: 'ready' } | { type: 'failed'; message: string };

export interface CrossEncoderRequest {
  id: number;
  query: string;
  documents: string[];
}

export type CrossEncoderReply = { id: number; scores: number[] } | { id: number; error: string };
