import type { Readable } from 'node:stream';

export interface StoredFile {
  sizeBytes: number;
  /** SHA-256 of the bytes, hex, computed while they were written. */
  sha256: string;
}

/**
 * Where uploaded originals live, behind one interface: local disk under DATA_DIR by default. Keys are
 * relative paths chosen by DocQA, never by clients.
 */
export abstract class FileStorage {
  /**
   * Streams `source` to `key`, hashing it on the way. Past `maxBytes` it stops reading, removes what it
   * wrote and throws `FileTooLargeError`, so an oversized upload never fills the disk.
   */
  abstract write(key: string, source: Readable, maxBytes: number): Promise<StoredFile>;

  /** Renames within the storage (a finished upload from its temporary key to its final one). */
  abstract move(from: string, to: string): Promise<void>;

  abstract read(key: string): Readable;

  /** A path on local disk the parser threads can read. */
  abstract localPath(key: string): string;

  /** Removes the file; a missing one is not an error. */
  abstract delete(key: string): Promise<void>;
}

export class FileTooLargeError extends Error {
  override readonly name = 'FileTooLargeError';
  constructor(readonly maxBytes: number) {
    super(`file is larger than the limit of ${maxBytes} bytes`);
  }
}
