import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { HeapTrimmer, JobContext, JobHandler, JobName, JobProcessor } from '@docqa/core';
import { EmbeddingService } from '@docqa/embeddings';
import { chunkDocument, contextualText } from '../chunking';
import { ChunkIndexWriter } from '../chunks/chunk-index.writer';
import { CollectionEntity } from '../collections/collection.entity';
import { DocumentEntity } from '../documents/document.entity';
import { AppConfig } from '@docqa/core';
import { DocumentParseError, ParseFailure, type ParsedDocument } from '../parsing/parsed-document';
import { ParserPool } from '../parsing';
import { ProgressReporter, type DocumentProgressTracker } from '../progress/progress-reporter';
import { FileStorage } from '../storage/file-storage';
import { IngestionMetrics } from './ingestion.metrics';
import { storableText } from './postgres-text';
import { describeIngestFailure, embeddingFailure, IngestFailure } from './ingest-failure';
import { IngestionPiiMasking } from './ingestion-pii-masking';

/**
 * The `ingest` job: parse (in the isolated parser processes), chunk, embed, then write chunks and status in
 * one transaction. Parse failures are final; database, storage and provider hiccups are retried with
 * backoff by the job queue; a run cut off by a dying process leaves the previous state and is run again.
 */
@Injectable()
@JobHandler(JobName.Ingest)
export class IngestProcessor implements JobProcessor<JobName.Ingest> {
  private readonly logger = new Logger('Ingest');
  /** A large document leaves the heap grown by its text, chunks and vectors: given back between jobs. */
  private readonly heap = new HeapTrimmer();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly storage: FileStorage,
    private readonly parsers: ParserPool,
    private readonly embeddings: EmbeddingService,
    private readonly writer: ChunkIndexWriter,
    private readonly progress: ProgressReporter,
    private readonly metrics: IngestionMetrics,
    private readonly masking: IngestionPiiMasking,
  ) {}

  async handle(ctx: JobContext<JobName.Ingest>): Promise<void> {
    try {
      await this.ingest(ctx);
    } finally {
      this.heap.maybeRelease();
    }
  }

  private async ingest(ctx: JobContext<JobName.Ingest>): Promise<void> {
    const { documentId, workspaceId } = ctx.payload;
    const doc = await this.dataSource.manager.findOne(DocumentEntity, { where: { id: documentId, workspaceId } });
    if (!doc) return; // deleted before its turn came
    const collection = await this.dataSource.manager.findOneBy(CollectionEntity, { id: doc.collectionId });
    if (!collection) return;
    const tracker = this.progress.track(doc);
    const started = Date.now();

    await tracker.stage('parsing');
    const parsed = await this.masking.apply(
      doc.workspaceId,
      await this.metrics.time('parsing', () => this.parse(doc, tracker, ctx.signal)),
    );

    await tracker.stage('chunking');
    const chunked = await this.metrics.time('chunking', () =>
      Promise.resolve(chunkDocument(parsed, this.config.ingestion.chunking)),
    );
    if (!chunked.children.length) {
      throw new IngestFailure('no_text', 'no text could be extracted from this document');
    }

    await tracker.stage('embedding');
    const embedder = await this.embedderOf(collection);
    const title = parsed.title?.trim() || doc.title || undefined;
    const vectors = await this.metrics.time('embedding', () =>
      this.embeddings
        .embedDocuments(
          embedder.id,
          chunked.children.map((c) => contextualText(c, title)),
          { signal: ctx.signal, onProgress: (done, total) => void tracker.advance(done, total) },
        )
        .catch((err: unknown) => {
          throw embeddingFailure(err);
        }),
    );

    await tracker.stage('indexing');
    const written = await this.metrics.time('indexing', () =>
      this.writer.replace({
        documentId: doc.id,
        workspaceId: doc.workspaceId,
        collectionId: collection.id,
        embedderId: embedder.id,
        dimension: embedder.dimension,
        parsed,
        chunked,
        vectors,
      }),
    );
    if (!written) return;
    const ready = await this.dataSource.manager.findOneByOrFail(DocumentEntity, { id: doc.id });
    await tracker.publish({ ...ready });
    this.metrics.finished(doc.type, 'ready', parsed.unitCount, chunked.children.length);
    this.logger.log(
      {
        documentId: doc.id,
        type: doc.type,
        units: parsed.unitCount,
        chunks: chunked.children.length,
        ms: Date.now() - started,
      },
      'document ready',
    );
  }

  async onFailed(ctx: JobContext<JobName.Ingest>, error: unknown): Promise<void> {
    const { reason, message } = describeIngestFailure(error);
    const { documentId, workspaceId } = ctx.payload;
    const doc = await this.dataSource.manager.findOne(DocumentEntity, { where: { id: documentId, workspaceId } });
    if (!doc) return;
    const progress = doc.progress ? { ...doc.progress, stage: 'failed' as const } : null;
    await this.dataSource.manager.update(
      DocumentEntity,
      { id: doc.id },
      { status: 'failed', failureReason: reason, failureMessage: message, progress },
    );
    await this.progress
      .track(doc)
      .publish({ status: 'failed', failureReason: reason, failureMessage: message, progress });
    this.metrics.finished(doc.type, 'failed', 0, 0, reason);
    this.logger.warn({ documentId: doc.id, reason }, `document failed: ${message}`);
  }

  private async parse(
    doc: DocumentEntity,
    tracker: DocumentProgressTracker,
    signal: AbortSignal,
  ): Promise<ParsedDocument> {
    const path = this.storage.localPath(doc.storageKey);
    try {
      const parsed = await this.parsers.parse(path, doc.type, {
        signal,
        onProgress: (p) => void tracker.advance(p.done, p.total, true),
      });
      const storable = storableText(parsed);
      if (!storable.blocks.length) {
        throw new DocumentParseError(ParseFailure.NoText, 'the document holds no text');
      }
      return storable;
    } catch (err) {
      if (err instanceof DocumentParseError) throw new IngestFailure(err.reason, err.message, { cause: err });
      if ((err as NodeJS.ErrnoException)?.code === 'ENOENT') {
        throw new IngestFailure('internal', 'the uploaded file is missing from storage', { cause: err });
      }
      throw err;
    }
  }

  private embedderOf(collection: CollectionEntity) {
    return this.embeddings.embedder(collection.embedderId).catch((err: unknown) => {
      throw embeddingFailure(err);
    });
  }
}
