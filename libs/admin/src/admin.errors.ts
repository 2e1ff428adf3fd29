import { DomainException } from '@docqa/core';

export enum AdminErrorCode {
  QueueNotFound = 'QUEUE_NOT_FOUND',
  JobNotFound = 'JOB_NOT_FOUND',
}

const STATUS: Record<AdminErrorCode, number> = {
  [AdminErrorCode.QueueNotFound]: 404,
  [AdminErrorCode.JobNotFound]: 404,
};

export class AdminException extends DomainException<AdminErrorCode> {
  get httpStatus(): number {
    return STATUS[this.code];
  }
}
