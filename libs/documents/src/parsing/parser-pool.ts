import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Socket } from 'node:net';
import { join, relative, resolve } from 'node:path';
import type { OcrOptions } from './document-parser';
import { watchForOrphaning } from './orphan-watchdog';
import {
  DocumentParseError,
  ParseFailure,
  type DocumentType,
  type ParsedDocument,
  type ParseProgress,
} from './parsed-document';
import { exitFailure, startFailure } from './parser-exit';
import { processRssBytes } from './process-memory';
import type { ParseRequest, WorkerMessage, WorkerSettings } from './worker-protocol';

/** Exactly `AppConfig['ingestion']['parse']`. */
export interface ParserPoolOptions {
  workers: number;
  timeoutMs: number;
  maxHeapMb: number;
  recycleAfter: number;
  /**
   * A process whose RSS is above this (MB) once its document is done compacts its heap, and is replaced if
   * that does not bring it below; absent: neither.
   */
  trimAboveMb?: number;
  maxInflatedBytes: number;
  maxZipEntries: number;
  maxCompressionRatio: number;
  ocr: OcrOptions;
}

export interface ParseJobOptions {
  /** Aborting kills the process parsing this document (or drops it from the queue); the call rejects with the signal's reason. */
  signal?: AbortSignal;
  onProgress?: (progress: ParseProgress) => void;
  /** This document's time limit instead of the pool's. */
  timeoutMs?: number;
}

/** The field names predate parser processes: a "thread" is now a parser process. */
export interface ParserPoolStats {
  /** Parser processes alive now, and how many of them are parsing. */
  threads: number;
  busy: number;
  queued: number;
  /** Parser processes started since the pool was created (replacements and recycling included). */
  threadsStarted: number;
  /** Documents finished, parsed or failed. */
  completed: number;
  /** Process ids of the parser processes alive now (to account for their memory). */
  pids: number[];
  /** Times a process compacted its heap after a document left it above `trimAboveMb`. */
  trimmed: number;
  /** Processes replaced because compacting did not bring them below `trimAboveMb`. */
  recycledForMemory: number;
}

interface Job {
  id: number;
  filePath: string;
  type: DocumentType;
  options: ParseJobOptions;
  resolve(document: ParsedDocument): void;
  reject(error: unknown): void;
  cleanup(): void;
}

interface Slot {
  child: ChildProcess;
  /** 0 when the process could not be started. */
  pid: number;
  job?: Job;
  timer?: NodeJS.Timeout;
  documents: number;
  /** The process has loaded the parsers and said so. */
  ready: boolean;
  /** Retired or dead: never given another document. */
  gone: boolean;
  /** The end of the process' stderr: why it crashed, when it does. */
  stderr: string;
  /** Resolves once the process has exited and its pipes are closed. */
  exited: Promise<void>;
  stopWatchdog(): void;
}

const WORKER_FILE = 'parser.worker.js';
/** Process groups (and `sh` for the orphan watchdog): everywhere but Windows. */
const POSIX = process.platform !== 'win32';
/** Where the RSS of another process can be read from outside (Linux); elsewhere progress messages carry it. */
const PROC = existsSync('/proc/self/status');
const RSS_SAMPLE_MS = 250;
/**
 * V8 lets the heap grow less between full GCs the lower its limit is: under a 512 MB limit the parsers ran
 * about five times as many full GCs as under the default limit (30 against 6 over four large corpus files)
 * and were 15% slower. 300% is the growth V8 allows large heaps; the limit itself still holds, at the price
 * of more garbage held between GCs (peak RSS over the corpus rose by some 150 MB).
 */
const HEAP_GROWING = '--heap-growing-percent=300';
/** Enough for V8's last GCs, the fatal error and the native stack trace it prints when a heap fills up. */
const STDERR_TAIL_CHARS = 16 * 1024;
/** How long `close()` waits for a killed process to be gone. */
const EXIT_WAIT_MS = 5_000;

/**
 * The RSS a parser process may reach before it is killed and its document fails as `TooLarge`: its heap
 * limit twice over (the V8 old generation, plus as much again outside it: Buffers, zlib, pdf.js' native
 * allocations, the young generation, compiled code) and 256 MB for Node itself and the parser libraries
 * (60 to 100 MB loaded and idle).
 */
export function parserRssCapMb(maxHeapMb: number): number {
  return 2 * maxHeapMb + 256;
}

/**
 * The compiled worker beside this file. Under jest this module is the TypeScript source, which a plain
 * `node` cannot run: the compiled counterpart under `<repo>/dist` is used, so tests need `npm run build`.
 */
export function parserWorkerPath(): string {
  if (!__filename.endsWith('.ts')) return join(__dirname, WORKER_FILE);
  const repo = resolve(__dirname, '../../../..');
  const compiled = join(repo, 'dist', relative(repo, __dirname), WORKER_FILE);
  if (!existsSync(compiled)) {
    throw new Error(`the parser worker is not compiled (${compiled} is missing): run npm run build`);
  }
  return compiled;
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('the parse was aborted', 'AbortError');
}

/**
 * Parses documents in child processes, so no file can take this process down. Each parser process has a
 * heap limit (`--max-old-space-size`; a V8 heap exhaustion aborts that process only, and the document fails
 * as `TooLarge`), an RSS cap checked every 250 ms (native memory too: zlib, pdf.js buffers; `TooLarge`),
 * and each document a deadline (the process is killed, the document fails as `TimedOut`). Processes are
 * replaced after `recycleAfter` documents (memory parsers leak goes back), and one that dies is replaced
 * without the caller noticing beyond its own document. Jobs queue while every process is busy.
 *
 * Each process leads its own process group, and is killed with it, so OCR subprocesses go too. Idle
 * processes do not keep this process alive, and none outlives it: they exit when their IPC channel closes,
 * and a watchdog kills the group of one stuck in synchronous code (see `watchForOrphaning`).
 *
 * Starting a process costs a fork and Node's start-up (50 to 80 ms to ready on a 2-core machine; each
 * parser library loads on the first document of its type), paid per process start and amortised by
 * recycling only every `recycleAfter` documents.
 */
export class ParserPool {
  private readonly slots = new Set<Slot>();
  private readonly queue: Job[] = [];
  private readonly workerFile: string;
  private readonly settings: WorkerSettings;
  private readonly rssCapBytes: number;
  private sampler?: NodeJS.Timeout;
  private nextId = 1;
  private threadsStarted = 0;
  private completed = 0;
  private trimmed = 0;
  private recycledHeavy = 0;
  private closed = false;

  /**
   * @param workerFile the worker entry; tests pass a stand-in that speaks the same protocol (the compiled
   *   `parser.worker.js` otherwise).
   */
  constructor(
    private readonly options: ParserPoolOptions,
    workerFile?: string,
  ) {
    this.workerFile = workerFile ?? parserWorkerPath();
    this.rssCapBytes = parserRssCapMb(options.maxHeapMb) * 2 ** 20;
    this.settings = {
      limits: {
        maxInflatedBytes: options.maxInflatedBytes,
        maxZipEntries: options.maxZipEntries,
        maxCompressionRatio: options.maxCompressionRatio,
      },
      ocr: { enabled: options.ocr.enabled, languages: options.ocr.languages },
      heapBytes: options.maxHeapMb * 1024 * 1024,
      trimAboveBytes: options.trimAboveMb === undefined ? undefined : options.trimAboveMb * 2 ** 20,
    };
  }

  /** Parses the file as `type` in a parser process; rejects with a `DocumentParseError` when the document fails. */
  parse(filePath: string, type: DocumentType, options: ParseJobOptions = {}): Promise<ParsedDocument> {
    if (this.closed) return Promise.reject(new Error('the parser pool is closed'));
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    return new Promise<ParsedDocument>((resolvePromise, rejectPromise) => {
      const onAbort = () => this.abort(job);
      const job: Job = {
        id: this.nextId++,
        filePath,
        type,
        options,
        resolve: resolvePromise,
        reject: rejectPromise,
        cleanup: () => signal?.removeEventListener('abort', onAbort),
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(job);
      this.dispatch();
    });
  }

  stats(): ParserPoolStats {
    const slots = [...this.slots];
    return {
      threads: slots.length,
      busy: slots.filter((s) => s.job).length,
      queued: this.queue.length,
      threadsStarted: this.threadsStarted,
      completed: this.completed,
      pids: slots.map((s) => s.pid).filter((pid) => pid > 0),
      trimmed: this.trimmed,
      recycledForMemory: this.recycledHeavy,
    };
  }

  /** Rejects queued and running documents and kills every parser process. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.sampler);
    this.sampler = undefined;
    const error = new Error('the parser pool is closed');
    for (const job of this.queue.splice(0)) this.settle(job, error);
    const exits: Promise<unknown>[] = [];
    for (const slot of [...this.slots]) {
      if (slot.job) this.settle(slot.job, error);
      slot.job = undefined;
      exits.push(this.retire(slot));
    }
    await Promise.all(exits);
  }

  private dispatch(): void {
    while (this.queue.length > 0 && !this.closed) {
      let slot = [...this.slots].find((s) => !s.job && !s.gone);
      if (!slot && this.slots.size < this.options.workers) {
        try {
          slot = this.spawn();
        } catch (err) {
          // No process can start (the compiled worker vanished, no resources): fail what waits rather than hang it.
          for (const job of this.queue.splice(0)) this.settle(job, err);
          return;
        }
      }
      if (!slot) return;
      this.run(slot, this.queue.shift()!);
    }
  }

  private spawn(): Slot {
    const child = fork(this.workerFile, [JSON.stringify(this.settings)], {
      execArgv: [`--max-old-space-size=${this.options.maxHeapMb}`, HEAP_GROWING],
      // Structured clone instead of JSON: typed arrays and large results cross without a JSON round trip.
      serialization: 'advanced',
      // stderr is kept (the end of it says why a process crashed); stdout is of no use and goes nowhere.
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      // Its own process group: killing the group takes its OCR subprocesses along, and a Ctrl-C meant for
      // this process reaches it only through this process.
      detached: POSIX,
    });
    let markExited!: () => void;
    const slot: Slot = {
      child,
      pid: child.pid ?? 0,
      documents: 0,
      ready: false,
      gone: false,
      stderr: '',
      exited: new Promise<void>((r) => (markExited = r)),
      stopWatchdog: () => undefined,
    };
    this.threadsStarted++;
    this.slots.add(slot);
    if (slot.pid) slot.stopWatchdog = watchForOrphaning(slot.pid);
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      slot.stderr = (slot.stderr + chunk).slice(-STDERR_TAIL_CHARS);
    });
    child.on('message', (message: WorkerMessage) => this.onMessage(slot, message));
    child.on('error', (err) => {
      // Spawning failed (no pid) or a signal could not be sent; a process that ran reports through 'close'.
      if (!slot.pid) {
        markExited();
        this.lose(slot, new Error(`a parser process could not be started: ${err.message}`));
      }
    });
    // Died on its own: OCR subprocesses it left behind in its group go too.
    child.once('exit', () => this.killGroup(slot));
    child.once('close', (code: number | null, signal: NodeJS.Signals | null) => {
      markExited();
      slot.stopWatchdog();
      this.lose(
        slot,
        slot.ready
          ? exitFailure(code, signal, slot.stderr, this.options.maxHeapMb)
          : startFailure(code, signal, slot.stderr),
      );
    });
    this.hold(slot, false);
    return slot;
  }

  /** Busy processes keep this process alive until their document is done; idle ones do not. */
  private hold(slot: Slot, busy: boolean): void {
    const { child } = slot;
    const stderr = child.stderr as Socket | null;
    if (busy) {
      child.ref();
      child.channel?.ref();
      stderr?.ref();
    } else {
      child.unref();
      child.channel?.unref();
      stderr?.unref();
    }
  }

  private run(slot: Slot, job: Job): void {
    slot.job = job;
    this.hold(slot, true);
    const timeoutMs = job.options.timeoutMs ?? this.options.timeoutMs;
    slot.timer = setTimeout(() => {
      this.fail(
        slot,
        new DocumentParseError(ParseFailure.TimedOut, `parsing took longer than ${timeoutMs} ms (PARSE_TIMEOUT_MS)`),
      );
    }, timeoutMs);
    const request: ParseRequest = { id: job.id, filePath: job.filePath, type: job.type };
    try {
      slot.child.send(request, (err) => {
        // The process died before it could read the request: 'close' fails the document.
        void err;
      });
    } catch {
      // The channel closed already: same.
    }
    if (PROC && !this.sampler) {
      this.sampler = setInterval(() => this.sampleMemory(), RSS_SAMPLE_MS);
      this.sampler.unref();
    }
  }

  private onMessage(slot: Slot, message: WorkerMessage): void {
    if (message.kind === 'ready') {
      slot.ready = true;
      return;
    }
    if (message.kind === 'memory') {
      this.afterTrim(slot, message.rss);
      return;
    }
    const job = slot.job;
    if (!job || message.id !== job.id) return;
    if (message.kind === 'progress') {
      if (this.overMemoryCap(slot, message.rss)) return;
      try {
        job.options.onProgress?.({ done: message.done, total: message.total });
      } catch {
        // A listener's bug is not the document's failure.
      }
      return;
    }
    this.release(slot);
    if (message.kind === 'parsed') this.settle(job, undefined, message.document);
    else this.settle(job, new DocumentParseError(message.reason, message.message));
  }

  /** Reads every busy process' RSS from outside: a process blocked in synchronous code is measured too. */
  private sampleMemory(): void {
    const busy = [...this.slots].filter((s) => s.job);
    if (busy.length === 0) {
      clearInterval(this.sampler);
      this.sampler = undefined;
      return;
    }
    for (const slot of busy) {
      const job = slot.job;
      void processRssBytes(slot.pid).then((rss) => {
        if (rss !== undefined && slot.job === job) this.overMemoryCap(slot, rss);
      });
    }
  }

  private overMemoryCap(slot: Slot, rss: number): boolean {
    if (rss <= this.rssCapBytes) return false;
    const capMb = parserRssCapMb(this.options.maxHeapMb);
    this.fail(
      slot,
      new DocumentParseError(
        ParseFailure.TooLarge,
        `the parser used more than ${capMb} MB of memory on the document (2 x PARSE_MAX_HEAP_MB + 256 MB)`,
      ),
    );
    return true;
  }

  /** A document finished normally: the process is free again, or retired once it has done its share. */
  private release(slot: Slot): void {
    clearTimeout(slot.timer);
    slot.job = undefined;
    slot.documents++;
    if (slot.documents >= this.options.recycleAfter) void this.retire(slot);
    else this.hold(slot, false);
    // Settling runs callers' code; the queue moves on first, on the next tick.
    setImmediate(() => this.dispatch());
  }

  /**
   * The process compacted its heap after a large document. Still above `trimAboveMb` (native memory a
   * parser holds on to): it is replaced, now if it is idle, else once its current document is done.
   */
  private afterTrim(slot: Slot, rss: number): void {
    this.trimmed++;
    if (slot.gone || rss <= (this.options.trimAboveMb ?? Infinity) * 2 ** 20) return;
    this.recycledHeavy++;
    if (!slot.job) void this.retire(slot);
    else slot.documents = Math.max(slot.documents, this.options.recycleAfter - 1);
  }

  /** Timeout, abort or memory cap: the document fails and its process is killed (a parser cannot be interrupted). */
  private fail(slot: Slot, error: unknown): void {
    const job = slot.job;
    slot.job = undefined;
    clearTimeout(slot.timer);
    void this.retire(slot);
    if (job) this.settle(job, error);
    this.dispatch();
  }

  /** The process died (out of memory, crash, killed): its document fails with why, a new process takes over. */
  private lose(slot: Slot, error: Error): void {
    if (slot.gone) return;
    slot.gone = true;
    this.slots.delete(slot);
    clearTimeout(slot.timer);
    const job = slot.job;
    slot.job = undefined;
    if (job) this.settle(job, error);
    this.dispatch();
  }

  private retire(slot: Slot): Promise<unknown> {
    slot.gone = true;
    this.slots.delete(slot);
    clearTimeout(slot.timer);
    this.hold(slot, false);
    this.killGroup(slot);
    slot.stopWatchdog();
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((r) => {
      timer = setTimeout(r, EXIT_WAIT_MS);
      timer.unref();
    });
    return Promise.race([slot.exited, waited]).finally(() => clearTimeout(timer));
  }

  /** SIGKILL to the process and its group (OCR subprocesses); a no-op once everything in it is gone. */
  private killGroup(slot: Slot): void {
    if (!slot.pid) return;
    try {
      if (POSIX) process.kill(-slot.pid, 'SIGKILL');
      else slot.child.kill('SIGKILL');
    } catch {
      // The group is empty: nothing left to kill.
    }
  }

  private abort(job: Job): void {
    const reason = job.options.signal ? abortReason(job.options.signal) : new Error('aborted');
    const queued = this.queue.indexOf(job);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      this.settle(job, reason);
      return;
    }
    const slot = [...this.slots].find((s) => s.job === job);
    if (slot) this.fail(slot, reason);
  }

  private settle(job: Job, error: unknown, document?: ParsedDocument): void {
    job.cleanup();
    this.completed++;
    if (error !== undefined) job.reject(error);
    else job.resolve(document!);
  }
}
