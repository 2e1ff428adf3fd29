import { DomainException } from '@docqa/core';

export enum EvaluationErrorCode {
  /** Another workspace's datasets and runs answer 404, so their existence does not leak. */
  DatasetNotFound = 'EVALUATION_DATASET_NOT_FOUND',
  RunNotFound = 'EVALUATION_RUN_NOT_FOUND',
  DatasetNameTaken = 'EVALUATION_DATASET_NAME_TAKEN',
  /** The JSONL (or `items`) has bad lines; the message lists them by number. */
  InvalidDataset = 'EVALUATION_INVALID_DATASET',
  DatasetTooLarge = 'EVALUATION_DATASET_TOO_LARGE',
  /** No file in the multipart field `file`, or neither `items` nor `jsonl` in a JSON body. */
  NoDataset = 'EVALUATION_NO_DATASET',
  UnsupportedMediaType = 'EVALUATION_UNSUPPORTED_MEDIA_TYPE',
  /** A dataset or run cannot be deleted while a run of it is queued or running. */
  RunInProgress = 'EVALUATION_RUN_IN_PROGRESS',
  /** A collection or document named in a run is not the workspace's. */
  ScopeNotFound = 'EVALUATION_SCOPE_NOT_FOUND',
  InvalidComparison = 'EVALUATION_INVALID_COMPARISON',
  /** A run's options are not usable (an LLM chain entry that names no known provider). */
  InvalidRun = 'EVALUATION_INVALID_RUN',
}

const STATUS: Record<EvaluationErrorCode, number> = {
  [EvaluationErrorCode.DatasetNotFound]: 404,
  [EvaluationErrorCode.RunNotFound]: 404,
  [EvaluationErrorCode.DatasetNameTaken]: 409,
  [EvaluationErrorCode.InvalidDataset]: 422,
  [EvaluationErrorCode.DatasetTooLarge]: 413,
  [EvaluationErrorCode.NoDataset]: 400,
  [EvaluationErrorCode.UnsupportedMediaType]: 415,
  [EvaluationErrorCode.RunInProgress]: 409,
  [EvaluationErrorCode.ScopeNotFound]: 404,
  [EvaluationErrorCode.InvalidComparison]: 400,
  [EvaluationErrorCode.InvalidRun]: 400,
};

export class EvaluationException extends DomainException<EvaluationErrorCode> {
  get httpStatus(): number {
    return STATUS[this.code];
  }
}
