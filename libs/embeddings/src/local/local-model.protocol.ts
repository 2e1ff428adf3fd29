/** Messages between `LocalTransformersEmbedder` and its model thread (`local-model.worker.mts`). */
export interface LocalModelWorkerData {
  model: string;
  modelsDir: string;
  allowDownloads: boolean;
  hubUrl?: string;
}

export type LocalModelStatus =
  | { type: 'ready'; dimension: number; maxInputTokens?: number }
  | { type: 'failed'; stage: 'load' | 'probe'; message: string };

export interface LocalEmbedRequest {
  id: number;
  texts: string[];
}

export type LocalEmbedReply =
  { id: number; data: Float32Array; count: number; dimension: number } | { id: number; error: string };
