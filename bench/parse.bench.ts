import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as mammoth from 'mammoth';
import { loadConfig } from '@docqa/core';
import { detectFileType, ParserPool, PARSERS, type DocumentType } from '@docqa/documents';
import { ROOT } from './bench-process';
import { saveResults } from './results';

/**
 * bench:parse — pages per second through `ParserPool` (parser processes, pre-checks, the default limits: what
 * ingestion runs) next to the parsers called alone in this process (the PDF parser the pool runs, mammoth
 * `extractRawText`, the same PPTX code, without pool or pre-check), in alternating rounds of the same run,
 * over the corpus' PDF, DOCX and PPTX files (by content), with and without `bomb_giant.pdf`.
 *
 * Pages: PDF pages and PPTX slides as parsed, 1 per DOCX (Word files carry no reliable page numbers); a
 * file that fails (encrypted, corrupt, scanned) counts its time and no pages. Zip bombs are left out of
 * both sides: the pool refuses them in milliseconds, the libraries alone would take the process down.
 * Peak RSS is this process' for the libraries alone, and this process' plus its parser processes' for the pool.
 * Where poppler-utils is installed the PDF parser reads with `pdftotext` (pdf.js only as its fallback), on both
 * sides: the ratio is what the pool's isolation costs, not a comparison of two PDF readers.
 */
const CORPUS_DIR = join(ROOT, '..', 'shared', 'corpus');
const BOMB = 'pdf/bomb_giant.pdf';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const TARGET_RATIO = 0.8;
const OFFICE_AND_PDF = new Set<DocumentType>(['pdf', 'docx', 'pptx']);
const ctx = { ocr: { enabled: false, languages: 'eng' }, onProgress: () => undefined };

interface BenchFile {
  name: string;
  path: string;
  type: DocumentType;
  pages: number;
}

interface Run {
  seconds: number;
  pages: number;
  pagesPerSecond: number;
  peakRssMb: number;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
  );
}

/** Resident memory of another process (Linux `/proc`; 0 elsewhere or once it is gone). */
function rssOf(pid: number): number {
  try {
    return Number(/^VmRSS:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

/** `children`: the processes working for this one, whose memory counts too. */
async function timed(files: BenchFile[], work: () => Promise<void>, children: () => number[] = () => []): Promise<Run> {
  const rss = () => children().reduce((sum, pid) => sum + rssOf(pid), process.memoryUsage().rss);
  let peak = rss();
  const sampler = setInterval(() => (peak = Math.max(peak, rss())), 20);
  const started = process.hrtime.bigint();
  await work();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  clearInterval(sampler);
  const pages = files.reduce((n, f) => n + f.pages, 0);
  return { seconds, pages, pagesPerSecond: pages / seconds, peakRssMb: Math.round(peak / 2 ** 20) };
}

/** Every file at once, as a batch of uploads reaches the ingestion jobs; the pool queues them. */
function throughPool(pool: ParserPool, files: BenchFile[]): Promise<Run> {
  return timed(
    files,
    async () => {
      await Promise.all(files.map((f) => pool.parse(f.path, f.type).catch(() => undefined)));
    },
    () => pool.stats().pids ?? [],
  );
}

/** One file after the other in this process: what calling the libraries directly gives. */
function librariesAlone(files: BenchFile[]): Promise<Run> {
  return timed(files, async () => {
    // PDFs through the parser the pool runs (pdftotext where installed, else unpdf), with the pool's memory cap.
    const heapBytes = loadConfig({}).ingestion.parse.maxHeapMb * 2 ** 20;
    for (const f of files) {
      const bytes = readFileSync(f.path);
      try {
        if (f.type === 'pdf') await PARSERS.pdf.parse(bytes, { ...ctx, filePath: f.path, heapBytes });
        else if (f.type === 'docx') await mammoth.extractRawText({ buffer: bytes });
        else await PARSERS.pptx.parse(bytes, ctx);
      } catch {
        // Encrypted and corrupt files fail here as they fail in the pool: their time counts, their pages do not.
      }
    }
  });
}

function best(runs: Run[]): Run {
  return runs.reduce((a, b) => (b.pagesPerSecond > a.pagesPerSecond ? b : a));
}

async function corpusFiles(pool: ParserPool): Promise<{ files: BenchFile[]; bombs: string[] }> {
  const files: BenchFile[] = [];
  const bombs: string[] = [];
  for (const path of walk(CORPUS_DIR).sort()) {
    const detection = await detectFileType(path);
    if (!detection.type || !OFFICE_AND_PDF.has(detection.type)) continue;
    const name = relative(CORPUS_DIR, path);
    try {
      const doc = await pool.parse(path, detection.type);
      files.push({ name, path, type: detection.type, pages: detection.type === 'docx' ? 1 : doc.unitCount });
    } catch (err) {
      const reason = (err as { reason?: string }).reason;
      if (reason === 'too_large' && detection.type !== 'pdf') bombs.push(name);
      else files.push({ name, path, type: detection.type, pages: 0 });
    }
  }
  return { files, bombs };
}

interface Comparison {
  pool: Run;
  alone: Run;
  ratio: number;
}

/** Alternating rounds, best of each side; the pool is warm from listing the corpus, the libraries get one warm-up. */
async function compare(pool: ParserPool, sets: BenchFile[][]): Promise<Comparison[]> {
  await librariesAlone(sets[0]);
  const runs = sets.map(() => ({ pool: [] as Run[], alone: [] as Run[] }));
  for (let i = 0; i < ROUNDS; i++) {
    for (const [k, files] of sets.entries()) {
      runs[k].pool.push(await throughPool(pool, files));
      runs[k].alone.push(await librariesAlone(files));
    }
  }
  return runs.map((r) => {
    const p = best(r.pool);
    const a = best(r.alone);
    return { pool: p, alone: a, ratio: p.pagesPerSecond / a.pagesPerSecond };
  });
}

function print(title: string, r: Comparison, workers: number): void {
  console.log(`\n${title}`);
  console.log(
    `  ${''.padEnd(34)} ${'pages'.padStart(6)} ${'s'.padStart(7)} ${'pages/s'.padStart(8)} ${'peak RSS'.padStart(9)}`,
  );
  const row = (label: string, x: Run) =>
    console.log(
      `  ${label.padEnd(34)} ${String(x.pages).padStart(6)} ${x.seconds.toFixed(2).padStart(7)} ${x.pagesPerSecond
        .toFixed(0)
        .padStart(8)} ${`${x.peakRssMb} MB`.padStart(9)}`,
    );
  row(`ParserPool (${workers} parser processes)`, r.pool);
  row('libraries alone (this process)', r.alone);
  const pass = r.ratio >= TARGET_RATIO;
  console.log(
    `  ratio pool / alone: ${(r.ratio * 100).toFixed(0)}% (target >= ${TARGET_RATIO * 100}%) ${pass ? 'PASS' : 'FAIL'}`,
  );
}

async function main(): Promise<void> {
  if (!existsSync(CORPUS_DIR)) {
    console.log(`bench:parse skipped: the corpus is absent (${CORPUS_DIR})`);
    return;
  }
  const options = { ...loadConfig({}).ingestion.parse, ocr: { enabled: false, languages: 'eng' } };
  const pool = new ParserPool(options);
  try {
    const { files, bombs } = await corpusFiles(pool);
    const withoutBomb = files.filter((f) => f.name !== BOMB);
    const counts = ['pdf', 'docx', 'pptx'].map((t) => `${files.filter((f) => f.type === t).length} ${t}`).join(', ');
    console.log(`corpus: ${counts}; ${bombs.length} zip bombs left out (${bombs.join(', ')})`);
    const [withBombRun, withoutBombRun] = await compare(pool, [files, withoutBomb]);
    print(`PDF, DOCX, PPTX with ${BOMB} (${ROUNDS} alternating rounds, best of each)`, withBombRun, options.workers);
    print(`PDF, DOCX, PPTX without ${BOMB}`, withoutBombRun, options.workers);
    const file = saveResults('parse', {
      command: 'npm run bench:parse',
      pages: 'PDF pages + PPTX slides as parsed, 1 per DOCX; failed files count time, not pages',
      baseline: 'the PDF parser (pdftotext where installed, else unpdf), mammoth extractRawText, the PPTX parser, alone, one file after the other',
      workers: options.workers,
      rounds: ROUNDS,
      files: files.map((f) => ({ name: f.name, type: f.type, pages: f.pages })),
      leftOut: bombs,
      withBomb: withBombRun,
      withoutBomb: withoutBombRun,
      target: { ratio: TARGET_RATIO },
    });
    console.log(`  results: ${file.slice(file.indexOf('bench/'))}`);
    if (withBombRun.ratio < TARGET_RATIO || withoutBombRun.ratio < TARGET_RATIO) process.exitCode = 1;
  } finally {
    await pool.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
