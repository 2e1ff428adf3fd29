import { DocumentsErrorCode, DocumentsException } from '../documents.errors';

export interface DocumentCursor {
  createdAt: Date;
  id: string;
}

/** Opaque to clients (newest first: creation time, then id), so the scheme can change. */
export function encodeDocumentCursor({ createdAt, id }: DocumentCursor): string {
  return Buffer.from(`d:${createdAt.toISOString()}|${id}`, 'utf8').toString('base64url');
}

export function decodeDocumentCursor(cursor: string): DocumentCursor {
  const match = /^d:(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)\|([0-9a-f-]{36})$/.exec(
    Buffer.from(cursor, 'base64url').toString('utf8'),
  );
  if (!match) throw new DocumentsException(DocumentsErrorCode.InvalidCursor, 'cursor is not one this API returned');
  return { createdAt: new Date(match[1]), id: match[2] };
}
