import { spawn } from 'node:child_process';

/**
 * Text extraction through poppler's `pdftotext` (Debian `poppler-utils`), the fast path of the PDF parser:
 * about twice the pages per CPU second of pdf.js, and a native subprocess whose address space is capped and
 * which dies with its parser process (same process group) on a timeout. The PDF parser falls back to pdf.js
 * when the binary is missing or gives up on a file, so nothing needs to be installed.
 */

/** Pages of text as `pdftotext` lays them out (a blank line between blocks), and the metadata title. */
export interface PdftotextOutput {
  pages: string[];
  title?: string;
}

/** The PDF needs a user password (`pdftotext` says so): final, no other reader would do better. */
export class PdftotextEncrypted extends Error {
  override readonly name = 'PdftotextEncrypted';
}

/** `pdftotext` could not read the file, or not all of it: the caller reads it another way. */
export class PdftotextGaveUp extends Error {
  override readonly name = 'PdftotextGaveUp';
}

/** The extracted text passed the caller's ceiling: the document is too large to hold. */
export class PdftotextTooMuchText extends Error {
  override readonly name = 'PdftotextTooMuchText';
}

let available: Promise<boolean> | undefined;

/** Whether `pdftotext` runs here (checked once per process). */
export function pdftotextAvailable(): Promise<boolean> {
  available ??= new Promise((resolve) => {
    const child = spawn('pdftotext', ['-v'], { stdio: 'ignore' });
    child.once('error', () => resolve(false));
    child.once('exit', (code) => resolve(code === 0));
  });
  return available;
}

/** Keeps this much of stderr: warnings on a fuzzed file can run to megabytes, the verdicts come early. */
const STDERR_KEEP = 64 * 1024;

/** A password the reader does not have: the only stderr message that makes the failure final. */
const NEEDS_PASSWORD = /Incorrect password/i;
/** Messages after which the text may be partial or garbage, though the exit status says success. */
const GAVE_UP = /Out of memory|security handler|Couldn't read xref|Internal Error/i;

export interface PdftotextOptions {
  /** The file on disk; without one the bytes are piped in. */
  filePath?: string;
  /** Address-space limit of the subprocess (`ulimit -v`): a decompression bomb ends there. */
  memoryBytes?: number;
  /** Stops (and fails as too much text) past this many bytes of output. */
  maxOutputBytes?: number;
}

function unescapeHtml(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|apos|#39);/g, (_, e: string) =>
    e === 'amp' ? '&' : e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'quot' ? '"' : "'",
  );
}

/**
 * `-htmlmeta` output: a head with the title (escaped), then the text, unescaped, in a `<pre>`, each page
 * ended by a form feed.
 */
export function splitHtmlMeta(out: string): PdftotextOutput {
  const start = out.indexOf('<pre>\n');
  if (start < 0) throw new PdftotextGaveUp('pdftotext wrote no text section');
  const head = out.slice(0, start);
  let body = out.slice(start + '<pre>\n'.length);
  const end = body.lastIndexOf('</pre>');
  if (end >= 0) body = body.slice(0, end);
  const pages = body.split('\f');
  // Every page ends with a form feed: what follows the last one is not a page.
  if (pages.length > 0 && !/\S/.test(pages[pages.length - 1])) pages.pop();
  const title = /<title>([\s\S]*?)<\/title>/.exec(head)?.[1];
  return { pages, title: title === undefined ? undefined : unescapeHtml(title) };
}

/** Runs `pdftotext` on one PDF; rejects with one of the classes above, or an Error when it cannot start. */
export function runPdftotext(input: Buffer, options: PdftotextOptions = {}): Promise<PdftotextOutput> {
  const limitKb = options.memoryBytes ? String(Math.ceil(options.memoryBytes / 1024)) : 'unlimited';
  // `sh` sets the limit, then becomes pdftotext: Node cannot set resource limits on what it spawns.
  const child = spawn(
    'sh',
    [
      '-c',
      'ulimit -v "$1" 2>/dev/null; exec pdftotext -enc UTF-8 -htmlmeta "$2" -',
      'sh',
      limitKb,
      options.filePath ?? '-',
    ],
    { stdio: [options.filePath ? 'ignore' : 'pipe', 'pipe', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    const out: Buffer[] = [];
    let outBytes = 0;
    let err = '';
    let tooMuch = false;
    child.stdout!.on('data', (chunk: Buffer) => {
      outBytes += chunk.length;
      if (options.maxOutputBytes !== undefined && outBytes > options.maxOutputBytes) {
        tooMuch = true;
        child.kill('SIGKILL');
        return;
      }
      out.push(chunk);
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      if (err.length < STDERR_KEEP) err += chunk.toString('utf8');
    });
    child.once('error', reject);
    if (child.stdin) {
      // pdftotext closes its input early on a file it rejects: that is no error of ours.
      child.stdin.on('error', () => undefined);
      child.stdin.end(input);
    }
    child.once('close', (code, signal) => {
      if (tooMuch) return reject(new PdftotextTooMuchText(`more than ${options.maxOutputBytes} bytes of text`));
      const said = err.trim().split('\n').slice(-3).join('; ').slice(0, 300);
      if (NEEDS_PASSWORD.test(err)) return reject(new PdftotextEncrypted(said));
      if (code !== 0 || signal) return reject(new PdftotextGaveUp(`pdftotext ended with ${signal ?? code}: ${said}`));
      if (GAVE_UP.test(err)) return reject(new PdftotextGaveUp(`pdftotext: ${said}`));
      try {
        resolve(splitHtmlMeta(Buffer.concat(out).toString('utf8')));
      } catch (e) {
        reject(e as Error);
      }
    });
  });
}

/**
 * One page of `pdftotext` text to paragraphs: blocks are separated by a blank line; within one, lines are
 * joined by a newline, and a word hyphenated across lines is joined again (as the pdf.js path does).
 */
export function pageParagraphs(page: string): string[] {
  const out: string[] = [];
  for (const block of page.split(/\n[ \t]*\n/)) {
    let current = '';
    for (const raw of block.split('\n')) {
      const line = raw.replace(/\s+/g, ' ').trim();
      if (!line) continue;
      if (!current) current = line;
      else if (/\p{Ll}-$/u.test(current) && /^\p{Ll}/u.test(line)) current = current.slice(0, -1) + line;
      else current += `\n${line}`;
    }
    if (current) out.push(current);
  }
  return out;
}
