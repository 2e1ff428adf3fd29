import { DomainException } from '@docqa/core';

export enum AgentErrorCode {
  /** A foreign conversation answers like a missing one, so its existence does not leak. */
  ConversationNotFound = 'CONVERSATION_NOT_FOUND',
  /** The run was cancelled (the client went away, or the caller's signal aborted it). */
  Cancelled = 'AGENT_CANCELLED',
}

const STATUS: Record<AgentErrorCode, number> = {
  [AgentErrorCode.ConversationNotFound]: 404,
  // Nginx's "client closed request": nobody is left to read it, but logs and metrics tell it apart.
  [AgentErrorCode.Cancelled]: 499,
};

export class AgentException extends DomainException<AgentErrorCode> {
  get httpStatus(): number {
    return STATUS[this.code];
  }
}
