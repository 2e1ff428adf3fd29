import type { DocumentProgress, DocumentStatus, FailureReason } from '../documents/document-status';

/** What subscribers of a workspace's document events receive, over SSE and WebSocket alike. */
export interface DocumentEvent {
  type: 'document.progress';
  documentId: string;
  status: DocumentStatus;
  progress: DocumentProgress | null;
  failureReason: FailureReason | null;
  failureMessage: string | null;
  chunkCount: number;
  /** ISO time the event was published. */
  at: string;
}

/** One channel per workspace: the WebSocket gateway streams all of it, SSE filters one document. */
export function documentEventsChannel(workspaceId: string): string {
  return `workspace:${workspaceId}:documents`;
}

export function isFinalStatus(status: DocumentStatus): boolean {
  return status === 'ready' || status === 'failed';
}
