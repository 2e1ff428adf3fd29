import { CoreErrorCode, CoreException } from '@docqa/core';

export interface ConversationCursor {
  updatedAt: Date;
  id: string;
}

/** Opaque to clients (most recently active first: last activity, then id), so the scheme can change. */
export function encodeConversationCursor({ updatedAt, id }: ConversationCursor): string {
  return Buffer.from(`c:${updatedAt.toISOString()}|${id}`, 'utf8').toString('base64url');
}

export function decodeConversationCursor(cursor: string): ConversationCursor {
  const match = /^c:(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)\|([0-9a-f-]{36})$/.exec(
    Buffer.from(cursor, 'base64url').toString('utf8'),
  );
  if (!match) throw new CoreException(CoreErrorCode.ValidationFailed, 'cursor is not one this API returned');
  return { updatedAt: new Date(match[1]), id: match[2] };
}
