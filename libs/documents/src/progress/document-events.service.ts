import { Injectable, MessageEvent } from '@nestjs/common';
import { Observable } from 'rxjs';
import type { RequestPrincipal } from '@docqa/auth';
import { EventBus } from '@docqa/core';
import { DocumentsService } from '../documents/documents.service';
import { documentEventsChannel, isFinalStatus, type DocumentEvent } from './document-events';

/** Live document events for one document (SSE) or a whole workspace (WebSocket). */
@Injectable()
export class DocumentEventsService {
  constructor(
    private readonly bus: EventBus,
    private readonly documents: DocumentsService,
  ) {}

  /**
   * The document's current state, then its changes until it is ready or failed. Subscribes before reading
   * the state, so no change between the two is lost (events are not compared by time: clocks of the
   * processes publishing them may differ).
   */
  async documentStream(principal: RequestPrincipal, documentId: string): Promise<Observable<MessageEvent>> {
    await this.documents.find(principal.workspaceId, documentId); // 404 before the stream starts
    return new Observable<MessageEvent>((subscriber) => {
      let stop: (() => void) | undefined;
      let closed = false;
      const emit = (event: DocumentEvent): void => {
        if (closed) return;
        subscriber.next({ type: 'progress', data: event });
        if (isFinalStatus(event.status)) {
          closed = true;
          subscriber.complete();
        }
      };
      const buffered: DocumentEvent[] = [];
      let live = false;
      void this.bus
        .subscribe(documentEventsChannel(principal.workspaceId), (message) => {
          const event = message as DocumentEvent;
          if (event.type !== 'document.progress' || event.documentId !== documentId) return;
          if (live) emit(event);
          else buffered.push(event);
        })
        .then(async (unsubscribe) => {
          stop = unsubscribe;
          if (closed) return unsubscribe();
          const doc = await this.documents.get(principal, documentId);
          emit({
            type: 'document.progress',
            documentId,
            status: doc.status,
            progress: doc.progress,
            failureReason: doc.failureReason,
            failureMessage: doc.failureMessage,
            chunkCount: doc.chunkCount,
            at: doc.updatedAt.toISOString(),
          });
          live = true;
          for (const event of buffered) emit(event);
        })
        .catch((err: unknown) => subscriber.error(err));
      return () => {
        closed = true;
        stop?.();
      };
    });
  }

  /** Every document event of the caller's workspace, for the WebSocket gateway. */
  workspaceEvents(workspaceId: string, handler: (event: unknown) => void): Promise<() => void> {
    return this.bus.subscribe(documentEventsChannel(workspaceId), handler);
  }
}
