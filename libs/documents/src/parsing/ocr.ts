import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * OCR through Debian's `tesseract-ocr` and `poppler-utils` binaries (tesseract.js downloads language data at
 * run time and crashes the process when it cannot). Each page is rendered by `pdftoppm` and read by
 * `tesseract`, both as child processes with a deadline, so a hostile page costs at most that.
 */

/** Longest side of a rendered page in pixels: A4 at about 215 dpi (plenty for tesseract), a cap for absurd page sizes. */
const RENDER_MAX_PIXELS = 2500;
const STEP_TIMEOUT_MS = 60_000;

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { timeout: STEP_TIMEOUT_MS, killSignal: 'SIGKILL', maxBuffer: 32 * 1024 * 1024, encoding: 'utf8' },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`${command} failed: ${(stderr || err.message).trim().slice(0, 500)}`));
        else resolve(stdout);
      },
    );
  });
}

let available: Promise<boolean> | undefined;

/** Whether both binaries run here (checked once per process). */
export function ocrAvailable(): Promise<boolean> {
  available ??= Promise.all([run('tesseract', ['--version']), run('pdftoppm', ['-v'])]).then(
    () => true,
    () => false,
  );
  return available;
}

/** Renders and reads PDF pages, reusing one scratch directory (and one copy of the file when it has no path). */
export class PdfPageOcr {
  private dir?: string;
  private pdfPath?: string;

  constructor(
    private readonly input: Buffer,
    private readonly filePath: string | undefined,
    private readonly languages: string,
  ) {}

  async read(page: number): Promise<string> {
    this.dir ??= await mkdtemp(join(tmpdir(), 'docqa-ocr-'));
    if (!this.pdfPath) {
      this.pdfPath = this.filePath;
      if (!this.pdfPath) {
        this.pdfPath = join(this.dir, 'input.pdf');
        await writeFile(this.pdfPath, this.input);
      }
    }
    const image = join(this.dir, `page-${page}`);
    await run('pdftoppm', [
      '-f',
      String(page),
      '-l',
      String(page),
      '-scale-to',
      String(RENDER_MAX_PIXELS),
      '-gray',
      '-png',
      '-singlefile',
      this.pdfPath,
      image,
    ]);
    try {
      // One OpenMP thread (set through `env`, inheriting the rest): parser processes already run side by side,
      // and tesseract's own threads fighting them made a page four times slower on a busy 2-core machine.
      return await run('env', [
        'OMP_THREAD_LIMIT=1',
        'tesseract',
        `${image}.png`,
        'stdout',
        '-l',
        this.languages,
        '--psm',
        '3',
      ]);
    } finally {
      await rm(`${image}.png`, { force: true });
    }
  }

  async close(): Promise<void> {
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
  }
}
