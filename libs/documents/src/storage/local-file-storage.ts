import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { FileStorage, FileTooLargeError, StoredFile } from './file-storage';

/** Files under one directory on local disk (DATA_DIR/files by default). */
export class LocalFileStorage extends FileStorage {
  private readonly root: string;

  constructor(root: string) {
    super();
    this.root = resolve(root);
  }

  async write(key: string, source: Readable, maxBytes: number): Promise<StoredFile> {
    const path = this.localPath(key);
    await mkdir(dirname(path), { recursive: true });
    const hash = createHash('sha256');
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (size > maxBytes) return done(new FileTooLargeError(maxBytes));
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      // A multipart file stream that hit the parser's own size limit ends early and flags `truncated`.
      await pipeline(source, meter, createWriteStream(path, { flags: 'wx' }));
      if ((source as Readable & { truncated?: boolean }).truncated) throw new FileTooLargeError(maxBytes);
    } catch (err) {
      await rm(path, { force: true });
      source.resume();
      throw err;
    }
    return { sizeBytes: size, sha256: hash.digest('hex') };
  }

  async move(from: string, to: string): Promise<void> {
    const target = this.localPath(to);
    await mkdir(dirname(target), { recursive: true });
    await rename(this.localPath(from), target);
  }

  read(key: string): Readable {
    return createReadStream(this.localPath(key));
  }

  localPath(key: string): string {
    const path = resolve(join(this.root, key));
    // Keys are built by DocQA, but a key must never reach outside the root whatever it holds.
    if (relative(this.root, path).startsWith('..') || !path.startsWith(this.root + sep)) {
      throw new Error(`storage key escapes the storage root: ${key}`);
    }
    return path;
  }

  async delete(key: string): Promise<void> {
    await rm(this.localPath(key), { force: true });
  }
}
