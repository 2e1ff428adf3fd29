/**
 * Reads a zip's central directory (the table of contents at its end) without inflating anything, so type
 * detection and the pre-parse safety checks can look at entry names and declared sizes before any library
 * touches the archive.
 */

export interface ZipEntry {
  name: string;
  /** General purpose bit flags; bit 0 means the entry is encrypted. */
  flags: number;
  /** 0 stored, 8 deflate; anything else is refused. */
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

export interface ZipEnd {
  /** Where the central directory starts and how long it is, in bytes. */
  offset: number;
  size: number;
  entryCount: number;
}

export class ZipFormatError extends Error {
  override readonly name = 'ZipFormatError';
}

const EOCD_SIGNATURE = 0x06054b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_EOCD_SIGNATURE = 0x06064b50;
const CENTRAL_SIGNATURE = 0x02014b50;
export const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_SIZE = 22;
/** The end record plus the longest comment a zip may carry. */
export const ZIP_TAIL_BYTES = EOCD_SIZE + 0xffff;

function safeNumber(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipFormatError('zip64 size out of range');
  return Number(value);
}

/**
 * Finds the end-of-central-directory record in the last bytes of a file (`tail`, which starts at file offset
 * `tailOffset`), following the zip64 locator when the classic fields are saturated.
 */
export function readZipEnd(tail: Buffer, tailOffset: number, fileSize: number): ZipEnd | undefined {
  for (let i = tail.length - EOCD_SIZE; i >= 0; i--) {
    if (tail.readUInt32LE(i) !== EOCD_SIGNATURE) continue;
    const commentLength = tail.readUInt16LE(i + 20);
    // A signature inside a comment or file data is not the record unless its comment reaches the file's end.
    if (i + EOCD_SIZE + commentLength !== tail.length) continue;
    let entryCount = tail.readUInt16LE(i + 10);
    let size = tail.readUInt32LE(i + 12);
    let offset = tail.readUInt32LE(i + 16);
    if ((entryCount === 0xffff || size === 0xffffffff || offset === 0xffffffff) && i >= 20) {
      const locator = i - 20;
      if (tail.readUInt32LE(locator) === ZIP64_LOCATOR_SIGNATURE) {
        const recordOffset = safeNumber(tail.readBigUInt64LE(locator + 8)) - tailOffset;
        if (recordOffset < 0 || recordOffset + 56 > tail.length) {
          throw new ZipFormatError('zip64 end record lies outside the readable tail');
        }
        if (tail.readUInt32LE(recordOffset) !== ZIP64_EOCD_SIGNATURE) throw new ZipFormatError('bad zip64 end record');
        entryCount = safeNumber(tail.readBigUInt64LE(recordOffset + 32));
        size = safeNumber(tail.readBigUInt64LE(recordOffset + 40));
        offset = safeNumber(tail.readBigUInt64LE(recordOffset + 48));
      }
    }
    if (offset + size > fileSize) throw new ZipFormatError('the central directory points past the end of the file');
    return { offset, size, entryCount };
  }
  return undefined;
}

/** Parses `count` central directory records; stops early (returning what it read) at `limit` entries. */
export function readCentralDirectory(directory: Buffer, count: number, limit = Infinity): ZipEntry[] {
  const entries: ZipEntry[] = [];
  let pos = 0;
  while (entries.length < Math.min(count, limit)) {
    if (pos + 46 > directory.length) throw new ZipFormatError('the central directory is truncated');
    if (directory.readUInt32LE(pos) !== CENTRAL_SIGNATURE) throw new ZipFormatError('bad central directory record');
    const flags = directory.readUInt16LE(pos + 8);
    const method = directory.readUInt16LE(pos + 10);
    let compressedSize = directory.readUInt32LE(pos + 20);
    let uncompressedSize = directory.readUInt32LE(pos + 24);
    const nameLength = directory.readUInt16LE(pos + 28);
    const extraLength = directory.readUInt16LE(pos + 30);
    const commentLength = directory.readUInt16LE(pos + 32);
    let localHeaderOffset = directory.readUInt32LE(pos + 42);
    const end = pos + 46 + nameLength + extraLength + commentLength;
    if (end > directory.length) throw new ZipFormatError('the central directory is truncated');
    // Bit 11: the name is UTF-8; otherwise it is CP437, whose ASCII subset is all Office names use.
    const name = directory.toString(flags & 0x800 ? 'utf8' : 'latin1', pos + 46, pos + 46 + nameLength);
    if (uncompressedSize === 0xffffffff || compressedSize === 0xffffffff || localHeaderOffset === 0xffffffff) {
      const zip64 = readZip64Extra(directory.subarray(pos + 46 + nameLength, pos + 46 + nameLength + extraLength));
      // The zip64 extra lists only the saturated fields, in this order.
      if (uncompressedSize === 0xffffffff) uncompressedSize = zip64.shift() ?? uncompressedSize;
      if (compressedSize === 0xffffffff) compressedSize = zip64.shift() ?? compressedSize;
      if (localHeaderOffset === 0xffffffff) localHeaderOffset = zip64.shift() ?? localHeaderOffset;
    }
    entries.push({ name, flags, method, compressedSize, uncompressedSize, localHeaderOffset });
    pos = end;
  }
  return entries;
}

function readZip64Extra(extra: Buffer): number[] {
  for (let p = 0; p + 4 <= extra.length;) {
    const id = extra.readUInt16LE(p);
    const size = extra.readUInt16LE(p + 2);
    if (id === 0x0001) {
      const values: number[] = [];
      for (let q = p + 4; q + 8 <= Math.min(p + 4 + size, extra.length); q += 8) {
        values.push(safeNumber(extra.readBigUInt64LE(q)));
      }
      return values;
    }
    p += 4 + size;
  }
  return [];
}

/**
 * Entry names from the local headers found in the first bytes of a zip whose central directory is missing
 * (a truncated upload): enough to tell what the file was meant to be.
 */
export function localEntryNames(head: Buffer): string[] {
  const names: string[] = [];
  for (let i = head.indexOf('PK\x03\x04', 0, 'latin1'); i >= 0; i = head.indexOf('PK\x03\x04', i + 4, 'latin1')) {
    if (i + 30 > head.length) break;
    const nameLength = head.readUInt16LE(i + 26);
    if (i + 30 + nameLength > head.length) break;
    names.push(head.toString('utf8', i + 30, i + 30 + nameLength));
  }
  return names;
}
