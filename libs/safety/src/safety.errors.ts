import { DomainException } from '@docqa/core';

export enum SafetyErrorCode {
  /** A platform admin locked the workspace's safety policy. */
  PolicyLocked = 'SAFETY_POLICY_LOCKED',
  /** The question was refused by the workspace's prompt-injection policy. */
  InjectionBlocked = 'INJECTION_BLOCKED',
}

const STATUS: Record<SafetyErrorCode, number> = {
  [SafetyErrorCode.PolicyLocked]: 403,
  [SafetyErrorCode.InjectionBlocked]: 422,
};

export class SafetyException extends DomainException<SafetyErrorCode> {
  get httpStatus(): number {
    return STATUS[this.code];
  }
}
