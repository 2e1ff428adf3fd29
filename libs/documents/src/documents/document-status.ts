/** A document's lifecycle, in order; `failed` can follow any stage and carries a `failureReason`. */
export const DOCUMENT_STATUSES = [
  'uploaded',
  'parsing',
  'chunking',
  'embedding',
  'indexing',
  'ready',
  'failed',
] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

/** The stages a job moves through; their share of the overall percent follows their typical cost. */
export const STAGE_SPAN: Readonly<Record<'parsing' | 'chunking' | 'embedding' | 'indexing', [number, number]>> = {
  parsing: [0, 45],
  chunking: [45, 50],
  embedding: [50, 85],
  indexing: [85, 100],
};

export interface DocumentProgress {
  stage: DocumentStatus;
  /** 0 to 100 over the whole pipeline. */
  percent: number;
  /** Pages (or slides, rows) parsed so far and in all, while parsing; absent when unknown. */
  unitsDone?: number;
  unitsTotal?: number;
}

/** Why a document failed: the parser's reasons, plus the pipeline's own. */
export const FAILURE_REASONS = [
  'encrypted',
  'corrupt',
  'too_large',
  'timed_out',
  'unsupported',
  'no_text',
  'embedder_unavailable',
  'internal',
] as const;
export type FailureReason = (typeof FAILURE_REASONS)[number];
