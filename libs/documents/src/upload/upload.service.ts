import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { RequestPrincipal } from '@docqa/auth';
import { AppConfig, dependencyOutage, isUniqueViolation, JobName, JobQueue } from '@docqa/core';
import { CollectionEntity } from '../collections/collection.entity';
import { CollectionsService } from '../collections/collections.service';
import { detectFileType, DOCUMENT_MIME as DOCUMENT_MIME_OF, type Detection } from '../detection';
import type { UploadedDocumentDto, UploadResultDto } from '../documents/document.dto';
import { DocumentEntity } from '../documents/document.entity';
import { DocumentsErrorCode, DocumentsException } from '../documents.errors';
import type { DocumentType } from '../parsing/parsed-document';
import { DocumentQuotasService } from '../quotas/document-quotas.service';
import { FileStorage, FileTooLargeError, type StoredFile } from '../storage/file-storage';
import { parseCollectionId, parseMetadata, titleFromFilename } from './upload-form';

interface StagedFile extends StoredFile {
  tmpKey: string;
  filename: string;
}

/** Errors the multipart parser raises when a request breaks its limits. */
function multipartLimitError(err: unknown, config: AppConfig): DocumentsException | undefined {
  const code = (err as { code?: string })?.code;
  if (err instanceof FileTooLargeError || code === 'FST_REQ_FILE_TOO_LARGE') {
    return new DocumentsException(
      DocumentsErrorCode.FileTooLarge,
      `a file is larger than the upload limit of ${config.ingestion.maxUploadBytes} bytes (UPLOAD_MAX_BYTES)`,
    );
  }
  if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT') {
    return new DocumentsException(
      DocumentsErrorCode.TooManyFiles,
      `at most ${config.ingestion.maxFilesPerUpload} files per request (UPLOAD_MAX_FILES)`,
    );
  }
  return undefined;
}

/**
 * Takes a multipart upload: streams each file to storage while hashing it, decides its type from its bytes,
 * returns the existing document for bytes the workspace already has, and queues ingestion for the rest.
 * Nothing is recorded unless every file of the request is acceptable.
 */
@Injectable()
export class UploadService {
  private readonly logger = new Logger('Upload');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly storage: FileStorage,
    private readonly collections: CollectionsService,
    private readonly jobs: JobQueue,
    private readonly quotas: DocumentQuotasService,
  ) {}

  async upload(principal: RequestPrincipal, request: FastifyRequest): Promise<UploadResultDto> {
    if (!request.isMultipart()) {
      throw new DocumentsException(
        DocumentsErrorCode.NotMultipart,
        'send the files as multipart/form-data, in the field "file"',
      );
    }
    const staged: StagedFile[] = [];
    try {
      const fields = await this.receive(request, staged);
      if (!staged.length) {
        throw new DocumentsException(DocumentsErrorCode.NoFile, 'no file: send it in the multipart field "file"');
      }
      const collectionId = parseCollectionId(fields.collectionId);
      const metadata = parseMetadata(fields.metadata);
      const types = await Promise.all(staged.map((file) => this.acceptedType(file)));
      const collection = await this.collections.resolveForUpload(principal.workspaceId, collectionId);
      await this.assertQuota(principal.workspaceId, staged);
      const items: UploadedDocumentDto[] = [];
      for (const [i, file] of staged.entries()) {
        items.push(await this.commit(principal, collection, file, types[i], metadata));
      }
      return { id: items[0].id, status: items[0].status, duplicate: items[0].duplicate, items };
    } finally {
      // Committed files were moved away; whatever is left is a rejected or duplicate upload.
      await Promise.all(staged.map((f) => this.storage.delete(f.tmpKey)));
    }
  }

  private async receive(request: FastifyRequest, staged: StagedFile[]): Promise<Record<string, string>> {
    const fields: Record<string, string> = {};
    try {
      for await (const part of request.parts()) {
        if (part.type === 'file') {
          if (part.fieldname !== 'file') {
            part.file.resume();
            throw new DocumentsException(
              DocumentsErrorCode.NoFile,
              `unexpected file field "${part.fieldname}": send files in the field "file"`,
            );
          }
          const tmpKey = `tmp/${randomUUID()}`;
          const stored = await this.storage.write(tmpKey, part.file, this.config.ingestion.maxUploadBytes);
          staged.push({ ...stored, tmpKey, filename: part.filename || 'upload' });
        } else if (typeof part.value === 'string') {
          fields[part.fieldname] = part.value;
        }
      }
    } catch (err) {
      throw multipartLimitError(err, this.config) ?? err;
    }
    return fields;
  }

  private async acceptedType(file: StagedFile): Promise<DocumentType> {
    const detection: Detection = await detectFileType(this.storage.localPath(file.tmpKey));
    if (detection.type) return detection.type;
    throw new DocumentsException(
      DocumentsErrorCode.UnsupportedType,
      `${file.filename}: ${detection.description} (detected ${detection.mime}). ` +
        'Supported: PDF, DOCX, PPTX, XLSX, CSV, HTML, Markdown and plain text.',
    );
  }

  private async commit(
    principal: RequestPrincipal,
    collection: CollectionEntity,
    file: StagedFile,
    type: DocumentType,
    metadata: Record<string, unknown>,
  ): Promise<UploadedDocumentDto> {
    const existing = await this.existing(principal.workspaceId, file.sha256);
    if (existing) return this.duplicateOf(existing);
    const id = randomUUID();
    const storageKey = `${principal.workspaceId}/${id}`;
    const doc = this.dataSource.manager.create(DocumentEntity, {
      id,
      workspaceId: principal.workspaceId,
      collectionId: collection.id,
      uploadedBy: principal.userId,
      filename: file.filename.slice(0, 512),
      type,
      mimeType: DOCUMENT_MIME_OF[type],
      sizeBytes: file.sizeBytes,
      sha256: file.sha256,
      storageKey,
      title: titleFromFilename(file.filename),
      metadata,
      status: 'uploaded',
      progress: { stage: 'uploaded', percent: 0 },
    });
    try {
      await this.quotas.insertWithinQuota(principal.workspaceId, file.sizeBytes, (manager) =>
        manager.insert(DocumentEntity, doc as QueryDeepPartialEntity<DocumentEntity>),
      );
    } catch (err) {
      // The same bytes uploaded twice at once: the other request won, and this is its document.
      const raced = isUniqueViolation(err) ? await this.existing(principal.workspaceId, file.sha256) : null;
      if (raced) return this.duplicateOf(raced);
      throw err;
    }
    try {
      await this.storage.move(file.tmpKey, storageKey);
      await this.jobs.enqueue(
        JobName.Ingest,
        { workspaceId: principal.workspaceId, documentId: id },
        { dedupeKey: `ingest:${id}` },
      );
    } catch (err) {
      // Redis out of reach is an outage (the client gets 503 and retries), not a bug worth a stack.
      const outage = dependencyOutage(err);
      if (outage)
        this.logger.warn({ documentId: id, reason: outage.reason }, 'upload could not be queued; removing it');
      else this.logger.error({ err, documentId: id }, 'upload could not be queued; removing it');
      await this.dataSource.manager.delete(DocumentEntity, { id });
      await this.storage.delete(storageKey);
      throw err;
    }
    return { id, status: 'uploaded', filename: doc.filename, type, duplicate: false };
  }

  /**
   * The whole request must fit the workspace's quotas before anything is recorded (duplicates add nothing).
   * Each document is checked again as it is written, under a lock, in case other uploads ran meanwhile.
   */
  private async assertQuota(workspaceId: string, staged: StagedFile[]): Promise<void> {
    const seen = new Set<string>();
    let documents = 0;
    let bytes = 0;
    for (const file of staged) {
      if (seen.has(file.sha256)) continue;
      seen.add(file.sha256);
      if (await this.existing(workspaceId, file.sha256)) continue;
      documents += 1;
      bytes += file.sizeBytes;
    }
    if (documents) await this.quotas.assertRoom(workspaceId, documents, bytes);
  }

  private existing(workspaceId: string, sha256: string): Promise<DocumentEntity | null> {
    return this.dataSource.manager.findOne(DocumentEntity, { where: { workspaceId, sha256 } });
  }

  private duplicateOf(doc: DocumentEntity): UploadedDocumentDto {
    return { id: doc.id, status: doc.status, filename: doc.filename, type: doc.type, duplicate: true };
  }
}
