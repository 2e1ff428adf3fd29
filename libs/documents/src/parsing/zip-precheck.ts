import { inflateRawSync } from 'node:zlib';
import {
  LOCAL_SIGNATURE,
  readCentralDirectory,
  readZipEnd,
  ZIP_TAIL_BYTES,
  ZipFormatError,
  type ZipEntry,
} from '../detection/zip-directory';
import { DocumentParseError, ParseFailure } from './parsed-document';

export interface ZipLimits {
  /** Total bytes the archive may inflate to (PARSE_MAX_INFLATED_MB). */
  maxInflatedBytes: number;
  /** Entries the archive may hold (PARSE_MAX_ZIP_ENTRIES). */
  maxZipEntries: number;
  /** Inflated/compressed ratio an entry may have (PARSE_MAX_COMPRESSION_RATIO). */
  maxCompressionRatio: number;
  /**
   * Largest XML part a parser can hold in its heap: XML parsers need many times the part's size (mammoth
   * about 30x), so a part past this fails at once instead of running the parser process out of memory.
   */
  maxPartBytes?: number;
}

/**
 * Small parts compress far beyond any sane ratio limit (a 40 KiB styles.xml of repeated markup); the ratio is
 * only held against entries that inflate to more than this.
 */
const RATIO_APPLIES_ABOVE_BYTES = 1024 * 1024;
const DTD_MARKERS = ['<!DOCTYPE', '<!ENTITY'].flatMap((m) => [Buffer.from(m), Buffer.from(m, 'utf16le')]);

const MiB = 1024 * 1024;
const mib = (bytes: number) => `${(bytes / MiB).toFixed(bytes < 10 * MiB ? 1 : 0)} MiB`;

function tooLarge(message: string): DocumentParseError {
  return new DocumentParseError(ParseFailure.TooLarge, message);
}

function corrupt(message: string): DocumentParseError {
  return new DocumentParseError(ParseFailure.Corrupt, message);
}

/** Where an entry's compressed bytes are, checked against its local header. */
function dataRange(buf: Buffer, entry: ZipEntry, directoryOffset: number): [number, number] {
  const at = entry.localHeaderOffset;
  if (at + 30 > directoryOffset || buf.readUInt32LE(at) !== LOCAL_SIGNATURE) {
    throw corrupt(`the archive is damaged: entry ${entry.name} has no local header where the directory says`);
  }
  const nameLength = buf.readUInt16LE(at + 26);
  const extraLength = buf.readUInt16LE(at + 28);
  const start = at + 30 + nameLength + extraLength;
  const end = start + entry.compressedSize;
  if (end > directoryOffset) throw corrupt(`the archive is damaged: entry ${entry.name} runs past its end`);
  return [start, end];
}

/**
 * The checks an Office zip passes before any parser library opens it, cheapest first: entry count, the
 * declared total, each entry's declared ratio, that entries do not overlap (one compressed stream counted
 * many times is a known bomb), then every entry actually inflated with its output capped at its declared
 * size, so a header that lies about its size is caught after at most that many bytes. XML parts must not
 * carry a DTD (entity expansion, external entities). Throws a `DocumentParseError` naming the limit.
 */
export function precheckZip(buf: Buffer, limits: ZipLimits): ZipEntry[] {
  const tailOffset = Math.max(0, buf.length - ZIP_TAIL_BYTES);
  let entries: ZipEntry[];
  let directoryOffset: number;
  try {
    const end = readZipEnd(buf.subarray(tailOffset), tailOffset, buf.length);
    if (!end) throw new ZipFormatError('it has no central directory (truncated or not a zip)');
    if (end.entryCount > limits.maxZipEntries) {
      throw tooLarge(
        `the archive has ${end.entryCount} entries, more than the limit of ${limits.maxZipEntries} (PARSE_MAX_ZIP_ENTRIES)`,
      );
    }
    directoryOffset = end.offset;
    entries = readCentralDirectory(buf.subarray(end.offset, end.offset + end.size), end.entryCount);
  } catch (err) {
    if (err instanceof ZipFormatError) throw corrupt(`the archive is damaged: ${err.message}`);
    throw err;
  }

  let declared = 0;
  for (const e of entries) {
    declared += e.uncompressedSize;
    if (e.flags & 1) {
      throw new DocumentParseError(ParseFailure.Encrypted, `the archive entry ${e.name} is encrypted`);
    }
    if (e.method !== 0 && e.method !== 8) {
      throw corrupt(`the archive entry ${e.name} uses compression method ${e.method}, which Office files never use`);
    }
    if (limits.maxPartBytes !== undefined && /\.xml$/i.test(e.name) && e.uncompressedSize > limits.maxPartBytes) {
      throw tooLarge(
        `the archive part ${e.name} inflates to ${mib(e.uncompressedSize)}, more than a parser can hold in its memory ` +
          `(${mib(limits.maxPartBytes)} of XML for PARSE_MAX_HEAP_MB)`,
      );
    }
    const ratio = e.uncompressedSize / Math.max(1, e.compressedSize);
    if (e.uncompressedSize > RATIO_APPLIES_ABOVE_BYTES && ratio > limits.maxCompressionRatio) {
      throw tooLarge(
        `the archive entry ${e.name} inflates ${Math.round(ratio)}x (${mib(e.uncompressedSize)} from ` +
          `${mib(e.compressedSize)}), more than the limit of ${limits.maxCompressionRatio}x (PARSE_MAX_COMPRESSION_RATIO)`,
      );
    }
  }
  if (declared > limits.maxInflatedBytes) {
    throw tooLarge(
      `the archive inflates to ${mib(declared)}, more than the limit of ${mib(limits.maxInflatedBytes)} (PARSE_MAX_INFLATED_MB)`,
    );
  }

  const ranges = entries.map((e) => ({ entry: e, range: dataRange(buf, e, directoryOffset) }));
  const byOffset = [...ranges].sort((a, b) => a.entry.localHeaderOffset - b.entry.localHeaderOffset);
  for (let i = 1; i < byOffset.length; i++) {
    if (byOffset[i].entry.localHeaderOffset < byOffset[i - 1].range[1]) {
      throw tooLarge(`the archive's entries overlap (${byOffset[i].entry.name}), a zip bomb construction`);
    }
  }

  let inflated = 0;
  for (const { entry, range } of ranges) {
    const data = buf.subarray(range[0], range[1]);
    let out: Buffer;
    if (entry.method === 0) {
      if (entry.compressedSize !== entry.uncompressedSize) {
        throw corrupt(`the archive entry ${entry.name} is stored with two different sizes`);
      }
      out = data;
    } else {
      try {
        // One byte over the declared size is all it takes to prove the header lies.
        out = inflateRawSync(data, { maxOutputLength: Math.max(1, entry.uncompressedSize + 1) });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
          throw tooLarge(
            `the archive entry ${entry.name} inflates past the ${entry.uncompressedSize} bytes its header declares (falsified sizes, a zip bomb construction)`,
          );
        }
        throw corrupt(`the archive entry ${entry.name} is damaged: ${(err as Error).message}`);
      }
    }
    if (out.length > entry.uncompressedSize) {
      throw tooLarge(
        `the archive entry ${entry.name} inflates past the ${entry.uncompressedSize} bytes its header declares`,
      );
    }
    inflated += out.length;
    if (inflated > limits.maxInflatedBytes) {
      throw tooLarge(`the archive inflates to more than ${mib(limits.maxInflatedBytes)} (PARSE_MAX_INFLATED_MB)`);
    }
    if (/\.(xml|rels)$/i.test(entry.name)) {
      // Searched through the whole part: any amount of comments may precede a DTD.
      if (DTD_MARKERS.some((m) => out.includes(m))) {
        throw corrupt(
          `the archive part ${entry.name} declares a DTD, which Office files never do (refused: entity expansion and external entities)`,
        );
      }
    }
  }
  return entries;
}
