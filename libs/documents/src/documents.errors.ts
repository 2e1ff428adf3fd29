import { DomainException } from '@docqa/core';

export enum DocumentsErrorCode {
  DocumentNotFound = 'DOCUMENT_NOT_FOUND',
  CollectionNotFound = 'COLLECTION_NOT_FOUND',
  CollectionNameTaken = 'COLLECTION_NAME_TAKEN',
  FileTooLarge = 'FILE_TOO_LARGE',
  TooManyFiles = 'TOO_MANY_FILES',
  UnsupportedType = 'UNSUPPORTED_TYPE',
  NoFile = 'NO_FILE',
  InvalidMetadata = 'INVALID_METADATA',
  NotMultipart = 'NOT_MULTIPART',
  DocumentBusy = 'DOCUMENT_BUSY',
  ReindexRunning = 'REINDEX_RUNNING',
  InvalidCursor = 'INVALID_CURSOR',
  EmbedderNotAvailable = 'EMBEDDER_NOT_AVAILABLE',
  /** The upload would pass a workspace quota (documents or storage); `X-Quota-Exceeded` says which. */
  QuotaExceeded = 'QUOTA_EXCEEDED',
}

const STATUS: Record<DocumentsErrorCode, number> = {
  // Another workspace's documents and collections answer 404, so their existence does not leak.
  [DocumentsErrorCode.DocumentNotFound]: 404,
  [DocumentsErrorCode.CollectionNotFound]: 404,
  [DocumentsErrorCode.CollectionNameTaken]: 409,
  [DocumentsErrorCode.FileTooLarge]: 413,
  [DocumentsErrorCode.TooManyFiles]: 413,
  [DocumentsErrorCode.UnsupportedType]: 415,
  [DocumentsErrorCode.NoFile]: 400,
  [DocumentsErrorCode.InvalidMetadata]: 400,
  [DocumentsErrorCode.NotMultipart]: 415,
  [DocumentsErrorCode.DocumentBusy]: 409,
  [DocumentsErrorCode.ReindexRunning]: 409,
  [DocumentsErrorCode.InvalidCursor]: 400,
  [DocumentsErrorCode.EmbedderNotAvailable]: 400,
  // The request is fine; the workspace may not grow further until an admin raises its quota.
  [DocumentsErrorCode.QuotaExceeded]: 403,
};

export class DocumentsException extends DomainException<DocumentsErrorCode> {
  get httpStatus(): number {
    return STATUS[this.code];
  }
}
