import { Injectable, StreamableFile } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { RequestPrincipal } from '@docqa/auth';
import { JobName, JobQueue } from '@docqa/core';
import { ChunkEntity } from '../chunks/chunk.entity';
import { DocumentsErrorCode, DocumentsException } from '../documents.errors';
import { FileStorage } from '../storage/file-storage';
import { decodeDocumentCursor, encodeDocumentCursor } from './document-cursor';
import type {
  ChunkListQueryDto,
  ChunkPageDto,
  DocumentDto,
  DocumentPageDto,
  ListDocumentsQueryDto,
} from './document.dto';
import { DocumentEntity } from './document.entity';
import { toChunkDto, toDocumentDto } from './document.mapper';

const DEFAULT_PAGE = 50;
const DEFAULT_CHUNK_PAGE = 100;

/** RFC 6266 / 5987: an ASCII fallback and the exact UTF-8 name. */
function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** Reading, downloading, deleting and reprocessing the documents of the caller's workspace. */
@Injectable()
export class DocumentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly storage: FileStorage,
    private readonly jobs: JobQueue,
  ) {}

  async list(principal: RequestPrincipal, query: ListDocumentsQueryDto): Promise<DocumentPageDto> {
    const limit = query.limit ?? DEFAULT_PAGE;
    const q = this.dataSource.manager
      .createQueryBuilder(DocumentEntity, 'd')
      .where('d.workspace_id = :workspaceId', { workspaceId: principal.workspaceId });
    if (query.status) q.andWhere('d.status = :status', { status: query.status });
    if (query.collectionId) q.andWhere('d.collection_id = :collectionId', { collectionId: query.collectionId });
    if (query.type) q.andWhere('d.type = :type', { type: query.type });
    if (query.cursor) {
      const cursor = decodeDocumentCursor(query.cursor);
      q.andWhere('(d.created_at, d.id) < (:createdAt, :id)', cursor);
    }
    const rows = await q
      .orderBy('d.created_at', 'DESC')
      .addOrderBy('d.id', 'DESC')
      .take(limit + 1)
      .getMany();
    const page = rows.slice(0, limit);
    return {
      items: page.map(toDocumentDto),
      nextCursor: rows.length > limit ? encodeDocumentCursor(page[page.length - 1]) : null,
    };
  }

  async get(principal: RequestPrincipal, id: string): Promise<DocumentDto> {
    return toDocumentDto(await this.find(principal.workspaceId, id));
  }

  async chunks(principal: RequestPrincipal, id: string, query: ChunkListQueryDto): Promise<ChunkPageDto> {
    const doc = await this.find(principal.workspaceId, id);
    const [rows, total] = await this.dataSource.manager.findAndCount(ChunkEntity, {
      where: { documentId: doc.id },
      order: { index: 'ASC' },
      skip: query.offset ?? 0,
      take: query.limit ?? DEFAULT_CHUNK_PAGE,
    });
    return { items: rows.map((c) => toChunkDto(c, doc.unitKind)), total };
  }

  async download(principal: RequestPrincipal, id: string): Promise<StreamableFile> {
    const doc = await this.find(principal.workspaceId, id);
    return new StreamableFile(this.storage.read(doc.storageKey), {
      type: doc.mimeType,
      length: doc.sizeBytes,
      disposition: contentDisposition(doc.filename),
    });
  }

  /** Removes the document, its chunks and vectors (cascade), then its file. */
  async delete(principal: RequestPrincipal, id: string): Promise<void> {
    const doc = await this.find(principal.workspaceId, id);
    await this.dataSource.manager.delete(DocumentEntity, { id: doc.id });
    await this.storage.delete(doc.storageKey);
  }

  /** Runs ingestion again (after a parser fix, or OCR turned on); chunks are replaced when it finishes. */
  async reprocess(principal: RequestPrincipal, id: string): Promise<DocumentDto> {
    const doc = await this.find(principal.workspaceId, id);
    if (doc.status !== 'ready' && doc.status !== 'failed') {
      throw new DocumentsException(DocumentsErrorCode.DocumentBusy, `the document is being processed (${doc.status})`);
    }
    await this.dataSource.manager.update(
      DocumentEntity,
      { id: doc.id },
      { status: 'uploaded', failureReason: null, failureMessage: null, progress: { stage: 'uploaded', percent: 0 } },
    );
    await this.jobs.enqueue(
      JobName.Ingest,
      { workspaceId: doc.workspaceId, documentId: doc.id },
      { dedupeKey: `ingest:${doc.id}` },
    );
    return this.get(principal, id);
  }

  async find(workspaceId: string, id: string): Promise<DocumentEntity> {
    const doc = await this.dataSource.manager.findOne(DocumentEntity, { where: { id, workspaceId } });
    if (!doc) throw new DocumentsException(DocumentsErrorCode.DocumentNotFound, 'document not found');
    return doc;
  }
}
