import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import JSZip from 'jszip';
import { docxWith, pdfWithPages } from '../../../../test/support/document-fixtures';
import { DocumentParseError, ParseFailure, type ParseProgress } from './parsed-document';
import { ParserPool, parserRssCapMb, parserWorkerPath, type ParserPoolOptions } from './parser-pool';
import { processRssBytes } from './process-memory';

/**
 * The pool forks the compiled worker (dist/), so this suite needs `npm run build` first (`npm test` and
 * `npm run test:int` do it). Memory exhaustion, crashes and stuck code are produced for real, in parser
 * processes: by real documents, and by a stand-in worker (below) that misbehaves on command.
 */
const BASE: ParserPoolOptions = {
  workers: 2,
  timeoutMs: 60_000,
  maxHeapMb: 256,
  recycleAfter: 100,
  maxInflatedBytes: 64 * 1024 * 1024,
  maxZipEntries: 1000,
  maxCompressionRatio: 100,
  ocr: { enabled: false, languages: 'eng' },
};

/**
 * Speaks the pool's protocol; the file it is given holds a command instead of a document. `subprocess`
 * starts `sleep` (as OCR starts tesseract) and writes its pid beside the file, `hang` spins synchronously.
 */
const STAND_IN_WORKER = `
const { spawn } = require('node:child_process');
const { readFileSync, writeFileSync } = require('node:fs');
process.on('disconnect', () => process.exit());
process.on('message', (request) => {
  const commands = readFileSync(request.filePath, 'utf8').trim().split(' ');
  for (const command of commands) {
    if (command === 'heap') {
      const held = [];
      for (;;) held.push(new Array(1_000_000).fill(held.length));
    }
    if (command === 'native') {
      const held = [];
      const timer = setInterval(() => {
        held.push(Buffer.alloc(16 * 1024 * 1024, 1));
        if (held.length >= 128) clearInterval(timer);
      }, 20);
      return;
    }
    if (command === 'crash') throw new TypeError('the stand-in parser tripped over the file');
    if (command === 'subprocess') {
      const sleeper = spawn('sleep', ['300'], { stdio: 'ignore' });
      writeFileSync(request.filePath + '.pid', String(sleeper.pid));
    }
    if (command === 'hang') for (;;);
    if (command === 'wait') return;
  }
  process.send({
    kind: 'parsed',
    id: request.id,
    document: { type: 'text', unitKind: 'none', unitCount: 0, blocks: [{ kind: 'paragraph', text: commands.join(' '), headingPath: [] }], ocrPages: [], pagesWithoutText: [], warnings: [] },
  });
});
process.send({ kind: 'ready' });
`;

/** Creates a pool from the compiled module, parses what it is told, and reports pids as JSON lines. */
const POOL_SCRIPT = `
const { ParserPool } = require(process.argv[1]);
const [options, workerFile, filePath, type] = JSON.parse(process.argv[2]);
const pool = new ParserPool(options, workerFile ?? undefined);
pool.parse(filePath, type).then(
  (doc) => console.log(JSON.stringify({ parsed: doc.blocks.length, pids: pool.stats().pids })),
  (err) => console.log(JSON.stringify({ failed: err.message })),
);
const started = setInterval(() => {
  if (pool.stats().pids.length === 0) return;
  console.log(JSON.stringify({ pids: pool.stats().pids }));
  clearInterval(started);
}, 10);
`;

let dir: string;
let smallPdf: string;
let bigCsv: string;
let standIn: string;
const pools: ParserPool[] = [];

function pool(overrides: Partial<ParserPoolOptions> = {}, workerFile?: string): ParserPool {
  const p = new ParserPool({ ...BASE, ...overrides }, workerFile);
  pools.push(p);
  return p;
}

async function file(name: string, bytes: Buffer | string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, bytes);
  return path;
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected the parse to fail');
}

/** Running (a zombie, exited but not yet reaped by whoever inherited it, counts as gone). */
function alive(pid: number): boolean {
  try {
    if (!existsSync('/proc/self')) return process.kill(pid, 0);
    return !/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** The pid the stand-in worker writes to `path` once it has started its subprocess. */
async function pidIn(path: string): Promise<number> {
  let pid = 0;
  const written = await until(async () => {
    pid = Number(await readFile(path, 'utf8').catch(() => ''));
    return pid > 0;
  }, 5000);
  if (!written) throw new Error(`no pid in ${path}`);
  return pid;
}

async function until(condition: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return condition();
}

/** Runs POOL_SCRIPT in its own node process; resolves its JSON lines as they come. */
function poolScript(args: unknown[]) {
  const modulePath = join(dirname(parserWorkerPath()), 'parser-pool.js');
  const proc = spawn(process.execPath, ['-e', POOL_SCRIPT, modulePath, JSON.stringify(args)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Array<Record<string, unknown>> = [];
  let stderr = '';
  proc.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    for (const line of chunk.split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
  });
  proc.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return { proc, lines, exited, stderr: () => stderr };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'docqa-pool-'));
  smallPdf = await file('small.pdf', pdfWithPages([['Page one text'], ['Page two text'], ['Page three text']]));
  // About 12 MB: long enough to parse that a deadline of a few milliseconds always passes first.
  bigCsv = await file('big.csv', `id,name,value\n${'1,some name,12.5\n'.repeat(700_000)}`);
  standIn = await file('stand-in.worker.js', STAND_IN_WORKER);
});

afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('ParserPool', () => {
  it('parses in a parser process, relaying progress per page', async () => {
    const progress: ParseProgress[] = [];
    const p = pool();
    const doc = await p.parse(smallPdf, 'pdf', { onProgress: (pr) => progress.push(pr) });
    expect(doc.blocks.map((b) => [b.unit, b.text])).toEqual([
      [1, 'Page one text'],
      [2, 'Page two text'],
      [3, 'Page three text'],
    ]);
    expect(progress).toEqual([
      { done: 1, total: 3 },
      { done: 2, total: 3 },
      { done: 3, total: 3 },
    ]);
    const [pid] = p.stats().pids;
    expect(pid).not.toBe(process.pid);
    expect(alive(pid)).toBe(true);
  });

  it('rebuilds failures as DocumentParseError with their reason', async () => {
    const p = pool();
    const corrupt = await failure(p.parse(await file('corrupt.pdf', '%PDF-1.7\nno objects at all'), 'pdf'));
    expect(corrupt).toBeInstanceOf(DocumentParseError);
    expect((corrupt as DocumentParseError).reason).toBe(ParseFailure.Corrupt);

    const zip = new JSZip();
    zip.file('word/document.xml', Buffer.alloc(8 * 1024 * 1024, 0x20));
    const bomb = await file('bomb.docx', await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    const tooLarge = await failure(p.parse(bomb, 'docx'));
    expect(tooLarge).toBeInstanceOf(DocumentParseError);
    expect((tooLarge as DocumentParseError).reason).toBe(ParseFailure.TooLarge);
    expect((tooLarge as DocumentParseError).message).toMatch(/PARSE_MAX_COMPRESSION_RATIO/);
  });

  it('queues documents while every process is busy', async () => {
    const p = pool({ workers: 1 });
    const docx = await file('a.docx', await docxWith([['h1', 'Title'], 'Body text']));
    const results = await Promise.all([p.parse(smallPdf, 'pdf'), p.parse(docx, 'docx'), p.parse(smallPdf, 'pdf')]);
    expect(results.map((d) => d.type)).toEqual(['pdf', 'docx', 'pdf']);
    expect(p.stats()).toMatchObject({ threadsStarted: 1, queued: 0, busy: 0, completed: 3 });
  });

  it('fails a document past its deadline as TimedOut, kills its process and goes on with a new one', async () => {
    const p = pool({ workers: 1 });
    const running = p.parse(bigCsv, 'csv', { timeoutMs: 300 });
    const [pid] = p.stats().pids;
    const err = await failure(running);
    expect(err).toBeInstanceOf(DocumentParseError);
    expect((err as DocumentParseError).reason).toBe(ParseFailure.TimedOut);
    expect(await until(() => !alive(pid), 5000)).toBe(true);
    expect((await p.parse(smallPdf, 'pdf')).blocks).toHaveLength(3);
    expect(p.stats().threadsStarted).toBe(2);
  });

  it('replaces a process after recycleAfter documents', async () => {
    const p = pool({ workers: 1, recycleAfter: 2 });
    const pids = new Set<number>();
    for (let i = 0; i < 5; i++) {
      await p.parse(smallPdf, 'pdf');
      pids.add(p.stats().pids[0] ?? 0);
    }
    expect(p.stats().threadsStarted).toBe(3);
    // Documents 1-2, 3-4 and 5 in three processes; right after the 2nd and 4th the pool holds none.
    expect([...pids].filter((pid) => pid > 0)).toHaveLength(3);
  });

  it('compacts a process that a document left above trimAboveMb, and replaces it when that is not enough', async () => {
    // Node alone holds more than 32 MB: every document leaves the process above that, compacted or not.
    const low = pool({ workers: 1, trimAboveMb: 32 });
    for (let i = 0; i < 3; i++) {
      expect((await low.parse(smallPdf, 'pdf')).blocks).toHaveLength(3);
      await until(() => low.stats().trimmed === i + 1, 5000);
    }
    expect(low.stats()).toMatchObject({ trimmed: 3, recycledForMemory: 3, threadsStarted: 3 });
    const high = pool({ workers: 1, trimAboveMb: 4096 });
    for (let i = 0; i < 3; i++) await high.parse(smallPdf, 'pdf');
    expect(high.stats()).toMatchObject({ trimmed: 0, recycledForMemory: 0, threadsStarted: 1 });
  });

  it('compacts the heap of a parser process a large document grew, and keeps the process', async () => {
    const p = pool({ workers: 1, trimAboveMb: 100 });
    // About 2 MB of document.xml: mammoth's tree and HTML for it take the process well above 100 MB.
    const paragraphs = Array.from({ length: 15_000 }, (_, i) => `Paragraph ${i} says something long enough to count.`);
    await p.parse(await file('large.docx', await docxWith(paragraphs)), 'docx');
    expect(await until(() => p.stats().trimmed === 1, 10_000)).toBe(true);
    const [pid] = p.stats().pids;
    expect(p.stats().recycledForMemory).toBe(0);
    expect((await processRssBytes(pid))!).toBeLessThan(100 * 2 ** 20);
    expect((await p.parse(smallPdf, 'pdf')).blocks).toHaveLength(3);
    expect(p.stats().threadsStarted).toBe(1);
  });

  it('fails a document whose parser exhausts the heap as TooLarge, and keeps working', async () => {
    const p = pool({ workers: 1, maxHeapMb: 32 });
    // About 2 MB of document.xml: small enough for the pre-checks, while mammoth needs some 30 times that.
    const paragraphs = Array.from(
      { length: 15_000 },
      (_, i) => `Paragraph ${i} says something long enough to count for memory.`,
    );
    const big = await file('big.docx', await docxWith(paragraphs));
    const err = await failure(p.parse(big, 'docx'));
    expect(err).toBeInstanceOf(DocumentParseError);
    expect((err as DocumentParseError).reason).toBe(ParseFailure.TooLarge);
    expect((err as DocumentParseError).message).toMatch(/32 MB a parser may use \(PARSE_MAX_HEAP_MB\)/);
    expect((await p.parse(smallPdf, 'pdf')).blocks).toHaveLength(3);
    expect(p.stats().threadsStarted).toBe(2);
  });

  it('fails a 3-million-row CSV on a 32 MB heap as TooLarge: the heap limit aborts the parser process, not this one', async () => {
    // 6 MB: within the pre-check (a fifth of the heap), so the parser really runs and its heap really fills
    // up. In a worker thread this aborted the whole process ("Reached heap limit").
    const rows = await file('rows.csv', `n\n${'7\n'.repeat(3_000_000)}`);
    const p = pool({ workers: 1, maxHeapMb: 32 });
    const err = await failure(p.parse(rows, 'csv'));
    expect(err).toBeInstanceOf(DocumentParseError);
    expect((err as DocumentParseError).reason).toBe(ParseFailure.TooLarge);
    expect((err as DocumentParseError).message).toMatch(/32 MB a parser may use/);
    expect(String(((err as DocumentParseError).cause as Error).message)).toMatch(/heap limit|out of memory/i);
    expect((await p.parse(smallPdf, 'pdf')).blocks).toHaveLength(3);
  });

  it('refuses inputs that cannot fit the heap before parsing them', async () => {
    const p = pool({ workers: 1, maxHeapMb: 32 });
    const err = await failure(p.parse(bigCsv, 'csv'));
    expect((err as DocumentParseError).reason).toBe(ParseFailure.TooLarge);
    expect((err as DocumentParseError).message).toMatch(/expands past the 32 MB/);
    expect(p.stats().threadsStarted).toBe(1);
  });

  it('aborts a running document by killing its process, and a queued one by dropping it', async () => {
    const p = pool({ workers: 1 });
    const running = new AbortController();
    const queued = new AbortController();
    const first = p.parse(bigCsv, 'csv', { signal: running.signal });
    const [pid] = p.stats().pids;
    const second = p.parse(smallPdf, 'pdf', { signal: queued.signal });
    const third = p.parse(smallPdf, 'pdf');
    queued.abort();
    running.abort();
    expect(await failure(first)).toMatchObject({ name: 'AbortError' });
    expect(await failure(second)).toMatchObject({ name: 'AbortError' });
    expect((await third).blocks).toHaveLength(3);
    expect(p.stats().threadsStarted).toBe(2);
    expect(await until(() => !alive(pid), 5000)).toBe(true);
    await expect(p.parse(smallPdf, 'pdf', { signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: 'AbortError',
    });
  });

  it('rejects what is pending when closed, and anything after, and leaves no process behind', async () => {
    const p = pool({ workers: 2 });
    await p.parse(smallPdf, 'pdf');
    const pending = failure(p.parse(bigCsv, 'csv'));
    const pids = p.stats().pids;
    expect(pids).toHaveLength(1);
    await p.close();
    expect(await pending).toMatchObject({ message: 'the parser pool is closed' });
    await expect(p.parse(smallPdf, 'pdf')).rejects.toThrow('the parser pool is closed');
    expect(p.stats().threads).toBe(0);
    expect(pids.filter(alive)).toEqual([]);
  });
});

describe('ParserPool with a misbehaving parser process', () => {
  it('fails a document that fills the heap as TooLarge; this process survives and the next document parses', async () => {
    const p = pool({ workers: 1, maxHeapMb: 64 }, standIn);
    const err = await failure(p.parse(await file('heap.cmd', 'heap'), 'text'));
    expect(err).toBeInstanceOf(DocumentParseError);
    expect((err as DocumentParseError).reason).toBe(ParseFailure.TooLarge);
    expect((err as DocumentParseError).message).toMatch(/64 MB a parser may use/);
    expect((await p.parse(await file('ok.cmd', 'fine'), 'text')).blocks[0].text).toBe('fine');
    expect(p.stats().threadsStarted).toBe(2);
  });

  it('kills a process whose memory outside the heap passes the RSS cap, failing its document as TooLarge', async () => {
    const cap = parserRssCapMb(64);
    expect(cap).toBe(384);
    const p = pool({ workers: 1, maxHeapMb: 64 }, standIn);
    const err = await failure(p.parse(await file('native.cmd', 'native'), 'text'));
    expect(err).toBeInstanceOf(DocumentParseError);
    expect((err as DocumentParseError).reason).toBe(ParseFailure.TooLarge);
    expect((err as DocumentParseError).message).toMatch(/used more than 384 MB/);
    expect((await p.parse(await file('ok.cmd', 'fine'), 'text')).blocks[0].text).toBe('fine');
  });

  it('fails a document whose parser crashes as Corrupt, saying why, and replaces the process', async () => {
    const p = pool({ workers: 1 }, standIn);
    const err = await failure(p.parse(await file('crash.cmd', 'crash'), 'text'));
    expect(err).toBeInstanceOf(DocumentParseError);
    expect((err as DocumentParseError).reason).toBe(ParseFailure.Corrupt);
    expect((err as DocumentParseError).message).toBe(
      'the parser crashed on the document: TypeError: the stand-in parser tripped over the file',
    );
    expect((await p.parse(await file('ok.cmd', 'fine'), 'text')).blocks[0].text).toBe('fine');
  });

  it('does not blame the document when a parser process cannot start', async () => {
    const broken = await file('broken.worker.js', 'throw new Error("cannot load the parsers");');
    const err = await failure(pool({ workers: 1 }, broken).parse(smallPdf, 'pdf'));
    expect(err).not.toBeInstanceOf(DocumentParseError);
    expect((err as Error).message).toBe(
      'a parser process exited before it was ready (code 1): Error: cannot load the parsers',
    );
  });

  it('kills the subprocesses of a process it kills (its process group)', async () => {
    const p = pool({ workers: 1 }, standIn);
    const cmd = await file('subprocess.cmd', 'subprocess wait');
    const running = p.parse(cmd, 'text', { timeoutMs: 2000 });
    const sleeper = await pidIn(`${cmd}.pid`);
    expect(alive(sleeper)).toBe(true);
    expect(await failure(running)).toMatchObject({ reason: ParseFailure.TimedOut });
    expect(await until(() => !alive(sleeper), 5000)).toBe(true);
  });
});

describe('parser processes and the life of this process', () => {
  it('does not keep a process alive once it is idle, and goes with it', async () => {
    const script = poolScript([BASE, null, smallPdf, 'pdf']);
    let timer: NodeJS.Timeout | undefined;
    const exit = await Promise.race([
      script.exited,
      new Promise((resolve) => (timer = setTimeout(() => resolve('still running after 20 s'), 20_000))),
    ]);
    clearTimeout(timer);
    if (exit !== 0) script.proc.kill('SIGKILL');
    expect({ exit, stderr: script.stderr() }).toEqual({ exit: 0, stderr: expect.any(String) });
    const result = script.lines.find((l) => 'parsed' in l || 'failed' in l);
    expect(result).toMatchObject({ parsed: 3 });
    const pids = (result as { pids: number[] }).pids;
    expect(pids).toHaveLength(1);
    expect(await until(() => !alive(pids[0]), 5000)).toBe(true);
  });

  it('leaves no parser process behind when its parent is SIGKILLed, even one stuck in synchronous code', async () => {
    const cmd = await file('stuck.cmd', 'subprocess hang');
    const script = poolScript([BASE, standIn, cmd, 'text']);
    expect(await until(() => script.lines.some((l) => 'pids' in l), 10_000)).toBe(true);
    const sleeper = await pidIn(`${cmd}.pid`);
    const [parser] = script.lines.find((l) => 'pids' in l)!.pids as number[];
    expect([alive(parser), alive(sleeper)]).toEqual([true, true]);
    script.proc.kill('SIGKILL');
    await script.exited;
    expect(await until(() => !alive(parser) && !alive(sleeper), 5000)).toBe(true);
  });
});
