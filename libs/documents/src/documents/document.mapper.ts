import type { ChunkEntity } from '../chunks/chunk.entity';
import type { ChunkDto, DocumentDto } from './document.dto';
import type { DocumentEntity } from './document.entity';

export function toDocumentDto(d: DocumentEntity): DocumentDto {
  return {
    id: d.id,
    collectionId: d.collectionId,
    filename: d.filename,
    type: d.type,
    mimeType: d.mimeType,
    sizeBytes: d.sizeBytes,
    sha256: d.sha256,
    title: d.title,
    metadata: d.metadata,
    status: d.status,
    failureReason: d.failureReason,
    failureMessage: d.failureMessage,
    progress: d.progress,
    unitKind: d.unitKind,
    pageCount: d.unitCount,
    chunkCount: d.chunkCount,
    warnings: d.warnings,
    uploadedBy: d.uploadedBy,
    ingestedAt: d.ingestedAt,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
  };
}

/** A chunk with its position named the way citations name it: page, slide or row. */
export function toChunkDto(c: ChunkEntity, unitKind: DocumentEntity['unitKind']): ChunkDto {
  const dto: ChunkDto = {
    id: c.id,
    index: c.index,
    text: c.text,
    tokenCount: c.tokenCount,
    headingPath: c.headingPath,
    charStart: c.charStart,
    charEnd: c.charEnd,
    parentId: c.parentId,
  };
  if (c.unitStart !== null && unitKind && unitKind !== 'none') {
    dto[unitKind] = c.unitStart;
    dto.unitEnd = c.unitEnd ?? c.unitStart;
  }
  if (c.sheet) dto.sheet = c.sheet;
  return dto;
}
