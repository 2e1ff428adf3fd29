import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { FileTooLargeError } from './file-storage';
import { LocalFileStorage } from './local-file-storage';

describe('LocalFileStorage', () => {
  let root: string;
  let storage: LocalFileStorage;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'docqa-storage-'));
    storage = new LocalFileStorage(root);
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('streams a file to disk and returns its size and SHA-256', async () => {
    const bytes = Buffer.from('hello, documents\n'.repeat(1000));
    const stored = await storage.write('tmp/a', Readable.from([bytes.subarray(0, 5000), bytes.subarray(5000)]), 1e6);
    expect(stored).toEqual({ sizeBytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
    expect(await readFile(storage.localPath('tmp/a'))).toEqual(bytes);
  });

  it('stops at the size limit and leaves nothing behind', async () => {
    const chunks = Array.from({ length: 10 }, () => Buffer.alloc(1000, 1));
    await expect(storage.write('tmp/big', Readable.from(chunks), 4500)).rejects.toBeInstanceOf(FileTooLargeError);
    expect(await readdir(join(root, 'tmp'))).toEqual([]);
  });

  it('moves, reads back and deletes; deleting a missing file is not an error', async () => {
    await storage.write('tmp/b', Readable.from([Buffer.from('abc')]), 10);
    await storage.move('tmp/b', 'ws/doc');
    const read: Buffer[] = [];
    for await (const chunk of storage.read('ws/doc')) read.push(chunk as Buffer);
    expect(Buffer.concat(read).toString()).toBe('abc');
    await storage.delete('ws/doc');
    await storage.delete('ws/doc');
    await expect(readFile(storage.localPath('ws/doc'))).rejects.toThrow(/ENOENT/);
  });

  it('refuses keys that would reach outside its root', () => {
    expect(() => storage.localPath('../escape')).toThrow(/escapes/);
    expect(() => storage.localPath('a/../../escape')).toThrow(/escapes/);
  });
});
