import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { DOCUMENT_TYPES, type DocumentType, type UnitKind } from '../parsing/parsed-document';
import { DOCUMENT_STATUSES, FAILURE_REASONS, type DocumentStatus, type FailureReason } from './document-status';

export class DocumentIdParamDto {
  @IsUUID()
  id: string;
}

export class DocumentProgressDto {
  @ApiProperty({ enum: DOCUMENT_STATUSES })
  stage: DocumentStatus;

  /** 0 to 100 over the whole pipeline. */
  percent: number;

  /** Pages, slides or rows parsed so far, while parsing. */
  unitsDone?: number;

  unitsTotal?: number;
}

export class DocumentDto {
  id: string;

  collectionId: string;

  /** The name the file was uploaded with. */
  filename: string;

  /** Detected from the content. */
  @ApiProperty({ enum: DOCUMENT_TYPES })
  type: DocumentType;

  mimeType: string;

  sizeBytes: number;

  sha256: string;

  title: string | null;

  metadata: Record<string, unknown>;

  @ApiProperty({ enum: DOCUMENT_STATUSES })
  status: DocumentStatus;

  /** Why the document failed (with `status: failed`). */
  @ApiProperty({ enum: FAILURE_REASONS, nullable: true })
  failureReason: FailureReason | null;

  failureMessage: string | null;

  progress: DocumentProgressDto | null;

  /** What `pageCount` counts: PDF pages, PPTX slides, CSV/XLSX rows, or none. */
  @ApiProperty({ enum: ['page', 'slide', 'row', 'none'], nullable: true })
  unitKind: UnitKind | null;

  /** Pages, slides or rows, once parsed. */
  pageCount: number | null;

  chunkCount: number;

  /** Things to know that did not fail the document, e.g. pages without a text layer. */
  warnings: string[];

  uploadedBy: string | null;

  ingestedAt: Date | null;

  createdAt: Date;

  updatedAt: Date;
}

export class DocumentPageDto {
  items: DocumentDto[];

  /** Pass as `cursor` for the next page; null on the last one. */
  nextCursor: string | null;
}

export class ListDocumentsQueryDto {
  @IsOptional()
  @IsIn(DOCUMENT_STATUSES)
  @ApiProperty({ enum: DOCUMENT_STATUSES, required: false })
  status?: DocumentStatus;

  @IsOptional()
  @IsUUID()
  collectionId?: string;

  @IsOptional()
  @IsIn(DOCUMENT_TYPES)
  @ApiProperty({ enum: DOCUMENT_TYPES, required: false })
  type?: DocumentType;

  /** Page size, 1 to 200 (default 50). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  /** `nextCursor` of the previous page. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

export class UploadedDocumentDto {
  id: string;

  @ApiProperty({ enum: DOCUMENT_STATUSES })
  status: DocumentStatus;

  filename: string;

  @ApiProperty({ enum: DOCUMENT_TYPES })
  type: DocumentType;

  /** True when the workspace already had these exact bytes: this is that document, not a copy. */
  duplicate: boolean;
}

/** `id`, `status` and `duplicate` describe the first file; `items` lists every file of the request in order. */
export class UploadResultDto {
  id: string;

  @ApiProperty({ enum: DOCUMENT_STATUSES })
  status: DocumentStatus;

  duplicate: boolean;

  items: UploadedDocumentDto[];
}

export class UploadFormDto {
  /** One or more files (repeat the field). */
  @ApiProperty({ type: 'array', items: { type: 'string', format: 'binary' } })
  file: unknown[];

  /** The collection to add them to; default: the workspace's "Default" collection. */
  collectionId?: string;

  /** A JSON object of your own key-value metadata, stored with each document. */
  metadata?: string;
}

export class ChunkDto {
  id: string;

  index: number;

  text: string;

  tokenCount: number;

  /** PDF page (first of the range) of the chunk, when the document has pages. */
  page?: number;

  /** PPTX slide, when the document has slides. */
  slide?: number;

  /** CSV/XLSX data row (first of the range), when the document has rows. */
  row?: number;

  /** Last page, slide or row the chunk covers. */
  unitEnd?: number;

  sheet?: string;

  /** Headings above the chunk, outermost first. */
  headingPath: string[];

  /** Offsets into the document's extracted text. */
  charStart: number;

  charEnd: number;

  parentId: string;
}

export class ChunkListQueryDto {
  /** Page size, 1 to 500 (default 100). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  /** Chunks from this index on. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number;
}

export class ChunkPageDto {
  items: ChunkDto[];

  total: number;
}
