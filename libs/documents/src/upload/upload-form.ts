import { isUUID } from 'class-validator';
import { DocumentsErrorCode, DocumentsException } from '../documents.errors';

/** Largest `metadata` field accepted, as JSON text. */
export const MAX_METADATA_BYTES = 16 * 1024;

export function parseCollectionId(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!isUUID(raw)) throw new DocumentsException(DocumentsErrorCode.CollectionNotFound, 'collection not found');
  return raw;
}

/** The `metadata` form field: a JSON object, or nothing. */
export function parseMetadata(raw: string | undefined): Record<string, unknown> {
  if (raw === undefined || raw.trim() === '') return {};
  if (Buffer.byteLength(raw) > MAX_METADATA_BYTES) {
    throw new DocumentsException(
      DocumentsErrorCode.InvalidMetadata,
      `metadata is larger than ${MAX_METADATA_BYTES} bytes`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new DocumentsException(
      DocumentsErrorCode.InvalidMetadata,
      'metadata must be a JSON object: it is not valid JSON',
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new DocumentsException(DocumentsErrorCode.InvalidMetadata, 'metadata must be a JSON object');
  }
  return value as Record<string, unknown>;
}

/** A display title from the uploaded name: without its extension, never empty. */
export function titleFromFilename(filename: string): string {
  const base = filename
    .replace(/^.*[\\/]/, '')
    .replace(/\.[A-Za-z0-9]{1,8}$/, '')
    .trim();
  return base || filename || 'Untitled';
}
