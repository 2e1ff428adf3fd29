import { UnrecoverableJobError } from '@docqa/core';
import { EmbeddingsException } from '@docqa/embeddings';
import { DocumentParseError } from '../parsing/parsed-document';
import type { FailureReason } from '../documents/document-status';

/** A document that cannot be ingested however often the job runs: it fails at once, with this reason. */
export class IngestFailure extends UnrecoverableJobError {
  constructor(
    readonly reason: FailureReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The reason and user-facing message a failed ingestion records on its document. */
export function describeIngestFailure(error: unknown): { reason: FailureReason; message: string } {
  if (error instanceof IngestFailure) return { reason: error.reason, message: error.message };
  if (error instanceof DocumentParseError) return { reason: error.reason, message: error.message };
  const cause = (error as { cause?: unknown })?.cause;
  if (cause instanceof DocumentParseError) return { reason: cause.reason, message: cause.message };
  // Transient errors that used up every attempt: say so without leaking internals.
  const detail = error instanceof Error ? error.message.split('\n')[0].slice(0, 300) : String(error);
  return { reason: 'internal', message: `ingestion failed after retries: ${detail}` };
}

/** Embedding errors a retry cannot fix (no such model, our key refused) fail the document at once. */
export function embeddingFailure(err: unknown): unknown {
  if (err instanceof EmbeddingsException && !err.retryable) {
    return new IngestFailure('embedder_unavailable', err.message, { cause: err });
  }
  return err;
}
