import { DomainException } from '@docqa/core';

export enum RetrievalErrorCode {
  /** The same codes as the documents lib: a foreign id and a missing one answer alike. */
  CollectionNotFound = 'COLLECTION_NOT_FOUND',
  DocumentNotFound = 'DOCUMENT_NOT_FOUND',
}

const STATUS: Record<RetrievalErrorCode, number> = {
  // Another workspace's collections and documents answer 404, so their existence does not leak.
  [RetrievalErrorCode.CollectionNotFound]: 404,
  [RetrievalErrorCode.DocumentNotFound]: 404,
};

export class RetrievalException extends DomainException<RetrievalErrorCode> {
  get httpStatus(): number {
    return STATUS[this.code];
  }
}
