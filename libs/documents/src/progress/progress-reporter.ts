import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { EventBus } from '@docqa/core';
import { STAGE_SPAN, type DocumentProgress, type DocumentStatus } from '../documents/document-status';
import { DocumentEntity } from '../documents/document.entity';
import { documentEventsChannel, type DocumentEvent } from './document-events';

/** Progress is written at most this often while a stage runs; stage changes are written at once. */
const PERSIST_EVERY_MS = 1000;
/** Live events are published at most this often while a stage runs. */
const PUBLISH_EVERY_MS = 200;

type Stage = keyof typeof STAGE_SPAN;

/**
 * A document's progress through one ingestion run: persisted on the document (so a page reload or a
 * late subscriber sees it) and pushed live on the workspace's event channel.
 */
export class DocumentProgressTracker {
  private readonly logger = new Logger('Ingest');
  private lastPersist = 0;
  private lastPublish = 0;
  private current: DocumentProgress;

  constructor(
    private readonly dataSource: DataSource,
    private readonly bus: EventBus,
    private readonly doc: DocumentEntity,
  ) {
    this.current = doc.progress ?? { stage: doc.status, percent: 0 };
  }

  /** Enters a stage: status and progress are written and published at once. */
  async stage(stage: Stage): Promise<void> {
    this.current = { stage, percent: STAGE_SPAN[stage][0] };
    this.doc.status = stage;
    await this.dataSource.manager.update(
      DocumentEntity,
      { id: this.doc.id },
      { status: stage, progress: this.current, failureReason: null, failureMessage: null },
    );
    this.lastPersist = Date.now();
    await this.publish();
  }

  /**
   * Progress within the current stage (`done` of `total` units), throttled. Called from parser and embedder
   * callbacks that do not wait for it, so it never rejects: a progress write that fails (the database busy)
   * is skipped, the next one catches up.
   */
  async advance(done: number, total: number, units = false): Promise<void> {
    try {
      await this.record(done, total, units);
    } catch (err) {
      this.logger.debug(`progress of document ${this.doc.id} not recorded: ${(err as Error).message}`);
    }
  }

  private async record(done: number, total: number, units: boolean): Promise<void> {
    const stage = this.current.stage as Stage;
    const [from, to] = STAGE_SPAN[stage] ?? [0, 100];
    const share = total > 0 ? Math.min(1, done / total) : 0;
    this.current = { stage, percent: Math.floor(from + (to - from) * share) };
    if (units) Object.assign(this.current, { unitsDone: done, unitsTotal: total });
    const now = Date.now();
    if (now - this.lastPublish >= PUBLISH_EVERY_MS) {
      this.lastPublish = now;
      await this.publish();
    }
    if (now - this.lastPersist >= PERSIST_EVERY_MS) {
      this.lastPersist = now;
      await this.dataSource.manager.update(DocumentEntity, { id: this.doc.id }, { progress: this.current });
    }
  }

  /** Publishes the document's state as stored (after the pipeline wrote `ready` or `failed` itself). */
  async publish(state?: Partial<DocumentEntity>): Promise<void> {
    Object.assign(this.doc, state);
    const event: DocumentEvent = {
      type: 'document.progress',
      documentId: this.doc.id,
      status: this.doc.status as DocumentStatus,
      progress: state?.progress !== undefined ? state.progress : this.current,
      failureReason: this.doc.failureReason ?? null,
      failureMessage: this.doc.failureMessage ?? null,
      chunkCount: this.doc.chunkCount ?? 0,
      at: new Date().toISOString(),
    };
    await this.bus.publish(documentEventsChannel(this.doc.workspaceId), event);
  }
}

@Injectable()
export class ProgressReporter {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly bus: EventBus,
  ) {}

  track(doc: DocumentEntity): DocumentProgressTracker {
    return new DocumentProgressTracker(this.dataSource, this.bus, doc);
  }
}
