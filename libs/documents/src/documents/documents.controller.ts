import {
  Controller,
  Delete,
  Get,
  HttpCode,
  MessageEvent,
  Param,
  Post,
  Query,
  Req,
  Sse,
  StreamableFile,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiProduces, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';
import { CurrentPrincipal, RequireRole, type RequestPrincipal } from '@docqa/auth';
import { DocumentEventsService } from '../progress/document-events.service';
import { UploadService } from '../upload/upload.service';
import {
  ChunkListQueryDto,
  ChunkPageDto,
  DocumentDto,
  DocumentIdParamDto,
  DocumentPageDto,
  ListDocumentsQueryDto,
  UploadFormDto,
  UploadResultDto,
} from './document.dto';
import { DocumentsService } from './documents.service';

/** Documents of the caller's workspace: upload, follow ingestion, read chunks, download, delete, reprocess. */
@ApiTags('documents')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('documents')
export class DocumentsController {
  constructor(
    private readonly documents: DocumentsService,
    private readonly uploads: UploadService,
    private readonly events: DocumentEventsService,
  ) {}

  /**
   * Uploads one or more files (multipart field `file`, repeated), with optional `collectionId` and JSON
   * `metadata`. The type is read from the content: 415 names what an unsupported file is; 413 above
   * UPLOAD_MAX_BYTES. Bytes the workspace already has return that document (`duplicate: true`). Answers 202:
   * ingestion runs in the background; follow it on `GET /documents/:id/events`.
   */
  @Post()
  @HttpCode(202)
  @RequireRole('editor')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: UploadFormDto })
  uploadDocuments(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Req() request: FastifyRequest,
  ): Promise<UploadResultDto> {
    return this.uploads.upload(principal, request);
  }

  /** Lists documents, newest first, filtered by status, collection or type. */
  @Get()
  listDocuments(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Query() query: ListDocumentsQueryDto,
  ): Promise<DocumentPageDto> {
    return this.documents.list(principal, query);
  }

  /** A document with its `status`, `progress` and, when it failed, `failureReason` and `failureMessage`. */
  @Get(':id')
  getDocument(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Param() params: DocumentIdParamDto,
  ): Promise<DocumentDto> {
    return this.documents.get(principal, params.id);
  }

  /** The document's chunks in reading order, each with its page, slide or row and heading path. */
  @Get(':id/chunks')
  listDocumentChunks(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Param() params: DocumentIdParamDto,
    @Query() query: ChunkListQueryDto,
  ): Promise<ChunkPageDto> {
    return this.documents.chunks(principal, params.id, query);
  }

  /** The original file as uploaded. */
  @Get(':id/download')
  @ApiProduces('application/octet-stream')
  downloadDocument(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Param() params: DocumentIdParamDto,
  ): Promise<StreamableFile> {
    return this.documents.download(principal, params.id);
  }

  /**
   * Server-sent events with the document's progress: its current state first, then each change, until it
   * is `ready` or `failed`. Events are named `progress`; comments keep idle connections open.
   */
  @Sse(':id/events')
  documentEvents(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Param() params: DocumentIdParamDto,
  ): Promise<Observable<MessageEvent>> {
    return this.events.documentStream(principal, params.id);
  }

  /** Deletes the document, its chunks and vectors, and its file. */
  @Delete(':id')
  @HttpCode(204)
  @RequireRole('editor')
  deleteDocument(@CurrentPrincipal() principal: RequestPrincipal, @Param() params: DocumentIdParamDto): Promise<void> {
    return this.documents.delete(principal, params.id);
  }

  /** Ingests the document again (its chunks are replaced when the run finishes); 409 while it is being processed. */
  @Post(':id/reprocess')
  @HttpCode(202)
  @RequireRole('editor')
  reprocessDocument(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Param() params: DocumentIdParamDto,
  ): Promise<DocumentDto> {
    return this.documents.reprocess(principal, params.id);
  }
}
