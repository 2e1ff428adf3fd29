import { isUtf8 } from 'node:buffer';
import * as chardet from 'chardet';
import * as iconv from 'iconv-lite';

export interface DecodedText {
  text: string;
  /** Lower-case WHATWG-style label, e.g. `utf-8`, `utf-16le`, `windows-1252`, `shift_jis`. */
  encoding: string;
}

interface Sniffed {
  encoding: string;
  bomLength: number;
}

/** chardet works on a sample; its verdict does not get better past this many bytes. */
const SAMPLE_BYTES = 64 * 1024;

function bom(buf: Buffer): Sniffed | undefined {
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf)
    return { encoding: 'utf-8', bomLength: 3 };
  if (buf.length >= 4 && buf[0] === 0xff && buf[1] === 0xfe && buf[2] === 0 && buf[3] === 0) {
    return { encoding: 'utf-32le', bomLength: 4 };
  }
  if (buf.length >= 4 && buf[0] === 0 && buf[1] === 0 && buf[2] === 0xfe && buf[3] === 0xff) {
    return { encoding: 'utf-32be', bomLength: 4 };
  }
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  return undefined;
}

/**
 * UTF-16 without a byte order mark (Windows tools write it): mostly-Latin text has a zero in every other
 * byte, on the odd positions for little endian and the even ones for big endian.
 */
function utf16WithoutBom(sample: Buffer): string | undefined {
  const n = Math.min(sample.length, 4096) & ~1;
  if (n < 4) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (sample[i] === 0) evenZeros++;
    if (sample[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  if (oddZeros >= pairs * 0.4 && evenZeros <= pairs * 0.05) return 'utf-16le';
  if (evenZeros >= pairs * 0.4 && oddZeros <= pairs * 0.05) return 'utf-16be';
  return undefined;
}

/** UTF-8 check on a sample that may end inside a multi-byte character. */
function looksUtf8(sample: Buffer, complete: boolean): boolean {
  if (isUtf8(sample)) return true;
  if (complete) return false;
  for (let cut = 1; cut <= 3 && cut < sample.length; cut++) {
    if (isUtf8(sample.subarray(0, sample.length - cut))) return true;
  }
  return false;
}

/** Characters a right guess rarely produces: replacement chars, C1 controls, private use. */
function implausibleChars(text: string): number {
  return text.match(/[\uFFFD\u0080-\u009F\uE000-\uF8FF]/g)?.length ?? 0;
}

function normalizeLabel(name: string): string {
  const lower = name.toLowerCase();
  // Browsers decode latin-1 as windows-1252 (a superset); doing the same keeps curly quotes and the euro sign.
  if (lower === 'iso-8859-1' || lower === 'latin1' || lower === 'us-ascii' || lower === 'ascii') return 'windows-1252';
  return lower;
}

/**
 * Picks the legacy encoding of bytes that are not UTF-8: chardet's candidates in its order, keeping the
 * first that decodes the sample without implausible characters (chardet alone ranks Shift_JIS below
 * windows-1252 on short Japanese files).
 */
function guessLegacy(sample: Buffer): string {
  const candidates = chardet
    .analyse(sample)
    .filter((c) => c.confidence >= 10 && !/^(utf-|ascii)/i.test(c.name) && iconv.encodingExists(c.name))
    .map((c) => c.name);
  let best = 'windows-1252';
  let fewest = Infinity;
  for (const name of [...candidates, 'windows-1252']) {
    const bad = implausibleChars(iconv.decode(sample, name));
    if (bad === 0) return normalizeLabel(name);
    if (bad < fewest) {
      fewest = bad;
      best = name;
    }
  }
  return normalizeLabel(best);
}

/**
 * The encoding of some bytes: byte order mark, UTF-16 by its zero bytes, a declared charset (an HTML meta)
 * when the bytes agree with it, UTF-8 when valid, else a guess among legacy encodings.
 * `complete` says whether `sample` is the whole content or only its beginning.
 */
export function sniffEncoding(sample: Buffer, options: { declared?: string; complete?: boolean } = {}): Sniffed {
  const marked = bom(sample);
  if (marked) return marked;
  const utf16 = utf16WithoutBom(sample);
  if (utf16) return { encoding: utf16, bomLength: 0 };
  const head = sample.subarray(0, SAMPLE_BYTES);
  const complete = (options.complete ?? true) && head.length === sample.length;
  const utf8 = looksUtf8(head, complete);
  const declared = options.declared?.trim().toLowerCase();
  if (declared && iconv.encodingExists(declared)) {
    const isUtf8Label = declared === 'utf-8' || declared === 'utf8';
    if (!isUtf8Label || utf8) return { encoding: isUtf8Label ? 'utf-8' : normalizeLabel(declared), bomLength: 0 };
  }
  if (utf8) return { encoding: 'utf-8', bomLength: 0 };
  return { encoding: guessLegacy(head), bomLength: 0 };
}

/** Decodes a whole file's bytes to text, detecting the encoding as {@link sniffEncoding} does. */
export function decodeText(buf: Buffer, options: { declared?: string; complete?: boolean } = {}): DecodedText {
  const { encoding, bomLength } = sniffEncoding(buf, options);
  const body = buf.subarray(bomLength);
  if (encoding === 'utf-8') return { text: body.toString('utf8'), encoding };
  if (encoding === 'utf-16le') return { text: body.toString('utf16le'), encoding };
  return { text: iconv.decode(body, encoding), encoding };
}
