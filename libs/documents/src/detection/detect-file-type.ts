import { open, type FileHandle } from 'node:fs/promises';
import { DocumentParseError, ParseFailure, type DocumentType } from '../parsing/parsed-document';
import { decodeText } from './text-encoding';
import { classifyText, looksLikeHtml } from './text-kind';
import {
  localEntryNames,
  readCentralDirectory,
  readZipEnd,
  ZIP_TAIL_BYTES,
  ZipFormatError,
  type ZipEntry,
} from './zip-directory';

/** A file DocQA can parse, or one it cannot, named (its mime type) and explained. */
export type Detection =
  | { type: DocumentType; mime: string }
  | {
      type: null;
      mime: string;
      description: string;
      /** How the document fails: unsupported, or encrypted (a password-protected Office file), or no text (empty). */
      reason: ParseFailure;
    };

export const DOCUMENT_MIME: Record<DocumentType, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv',
  html: 'text/html',
  markdown: 'text/markdown',
  text: 'text/plain',
};

const HEAD_BYTES = 64 * 1024;
/** Readers accept junk before the header (mail gateways and some generators prepend some). */
const PDF_HEADER_WINDOW = 1024;
/** Enough central directory to name any Office file; the pre-parse check reads all of it. */
const MAX_DIRECTORY_BYTES = 16 * 1024 * 1024;
const OLE2_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

function found(type: DocumentType): Detection {
  return { type, mime: DOCUMENT_MIME[type] };
}

function unsupported(mime: string, description: string, reason = ParseFailure.Unsupported): Detection {
  return { type: null, mime, description, reason };
}

/** The error an ingest job fails with for a file detection refused. */
export function detectionFailure(detection: Detection & { type: null }): DocumentParseError {
  return new DocumentParseError(detection.reason, detection.description);
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buf, 0, length, position);
  return buf.subarray(0, bytesRead);
}

/** The Office type a zip's entry names reveal; epub and OpenDocument name themselves in a `mimetype` entry. */
export function classifyZipNames(names: string[], mimetypeEntry?: string): Detection {
  const set = new Set(names);
  const officePart = (dir: string, main: string) =>
    set.has(main) || (set.has('[Content_Types].xml') && names.some((n) => n.startsWith(dir) && n.endsWith('.xml')));
  if (officePart('word/', 'word/document.xml')) return found('docx');
  if (officePart('ppt/', 'ppt/presentation.xml')) return found('pptx');
  if (officePart('xl/', 'xl/workbook.xml')) return found('xlsx');
  if (mimetypeEntry && /^[\w.+-]+\/[\w.+-]+$/.test(mimetypeEntry)) {
    return unsupported(mimetypeEntry, `${mimetypeEntry} archive (not a format DocQA reads)`);
  }
  if (set.has('META-INF/manifest.xml')) {
    return unsupported('application/vnd.oasis.opendocument', 'OpenDocument file; save it as .docx/.xlsx/.pptx');
  }
  if (set.has('META-INF/MANIFEST.MF')) return unsupported('application/java-archive', 'Java archive');
  if (set.has('[Content_Types].xml')) {
    return unsupported('application/x-ooxml', 'Office Open XML package of a kind DocQA does not read');
  }
  return unsupported('application/zip', 'zip archive (not a document)');
}

/** An uncompressed `mimetype` first entry, as epub and OpenDocument require. */
function storedMimetype(head: Buffer): string | undefined {
  if (head.length < 38 || head.toString('latin1', 30, 38) !== 'mimetype') return undefined;
  const method = head.readUInt16LE(8);
  const size = head.readUInt32LE(18);
  const extra = head.readUInt16LE(28);
  if (method !== 0 || size > 200) return undefined;
  return head.toString('latin1', 38 + extra, 38 + extra + size).trim();
}

async function detectZip(handle: FileHandle, head: Buffer, size: number): Promise<Detection> {
  let names: string[];
  try {
    const tailOffset = Math.max(0, size - ZIP_TAIL_BYTES);
    const end = readZipEnd(await readAt(handle, tailOffset, size - tailOffset), tailOffset, size);
    if (!end) throw new ZipFormatError('no central directory');
    const directory = await readAt(handle, end.offset, Math.min(end.size, MAX_DIRECTORY_BYTES));
    let entries: ZipEntry[];
    try {
      entries = readCentralDirectory(directory, end.entryCount);
    } catch (err) {
      // A directory longer than what was read still names the parts at its start.
      if (!(err instanceof ZipFormatError) || end.size <= MAX_DIRECTORY_BYTES) throw err;
      entries = readCentralDirectory(directory, end.entryCount, 10_000);
    }
    names = entries.map((e) => e.name);
  } catch (err) {
    if (!(err instanceof ZipFormatError)) throw err;
    // A truncated upload: the local headers still tell what it was meant to be; its parse fails as corrupt.
    names = localEntryNames(head);
  }
  return classifyZipNames(names, storedMimetype(head));
}

/**
 * Office 2007+ files saved with a password are OLE2 containers holding `EncryptionInfo` and
 * `EncryptedPackage` streams; everything else in OLE2 is a legacy binary Office file.
 */
async function detectOle2(handle: FileHandle, head: Buffer): Promise<Detection> {
  const marker = Buffer.from('EncryptedPackage', 'utf16le');
  let encrypted = head.includes(marker);
  if (!encrypted && head.length >= 512) {
    const sectorSize = 2 ** head.readUInt16LE(0x1e);
    const firstDirectorySector = head.readUInt32LE(0x30);
    if (sectorSize <= 4096 && firstDirectorySector < 0xfffffffa) {
      encrypted = (await readAt(handle, (firstDirectorySector + 1) * sectorSize, 4 * sectorSize)).includes(marker);
    }
  }
  if (encrypted) {
    return unsupported(
      'application/x-cfb',
      'password-protected Office file; remove the password and upload it again',
      ParseFailure.Encrypted,
    );
  }
  return unsupported('application/x-cfb', 'legacy Microsoft Office (OLE2) file; save it as .docx/.xlsx/.pptx');
}

/** True when the sample is text: a byte order mark, UTF-16 zero patterns, or no NUL and few control characters. */
function textSample(head: Buffer, complete: boolean): string | undefined {
  const { text, encoding } = decodeText(head, { complete });
  if (!encoding.startsWith('utf-16') && !encoding.startsWith('utf-32') && head.includes(0)) return undefined;
  let controls = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // C0 controls other than tab, line breaks, form feed and escape do not occur in text.
    if (c < 0x20 && (c < 0x09 || (c > 0x0d && c !== 0x1b))) controls++;
  }
  return controls > text.length * 0.05 ? undefined : text;
}

async function nameBinary(head: Buffer): Promise<{ mime: string } | undefined> {
  const { fileTypeFromBuffer } = await import('file-type');
  return fileTypeFromBuffer(head);
}

/**
 * The document type of a file, from its content only (never its name): PDF header, the entries of an
 * Office zip, OLE2 containers, binary signatures, and for text its markup, delimiters or headings.
 */
export async function detectFileType(path: string): Promise<Detection> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    if (size === 0) return unsupported('application/x-empty', 'empty file', ParseFailure.NoText);
    const head = await readAt(handle, 0, Math.min(size, HEAD_BYTES));
    return await detectFromHead(handle, head, size);
  } finally {
    await handle.close();
  }
}

async function detectFromHead(handle: FileHandle, head: Buffer, size: number): Promise<Detection> {
  if (head.subarray(0, PDF_HEADER_WINDOW).includes('%PDF-')) return found('pdf');
  if (
    head.length >= 4 &&
    head[0] === 0x50 &&
    head[1] === 0x4b &&
    (head[2] === 3 || head[2] === 5) &&
    head[3] === head[2] + 1
  ) {
    return detectZip(handle, head, size);
  }
  if (head.subarray(0, 8).equals(OLE2_SIGNATURE)) return detectOle2(handle, head);
  const complete = head.length === size;
  const text = textSample(head, complete);
  if (text === undefined) {
    const named = await nameBinary(head);
    return named
      ? unsupported(named.mime, `${named.mime} file (not a document DocQA reads)`)
      : unsupported('application/octet-stream', 'binary file of an unknown kind');
  }
  if (looksLikeHtml(text)) return found('html');
  const named = await nameBinary(head);
  if (named) return unsupported(named.mime, `${named.mime} file (not a document DocQA reads)`);
  return found(classifyText(text, complete));
}
