import { readFile } from 'node:fs/promises';
import { releaseFreeHeap } from './heap-release';
import { parseDocument, toParseError } from './parse-document';
import type { ParseRequest, WorkerMessage, WorkerSettings } from './worker-protocol';

/**
 * Entry of a parser process (forked by `ParserPool` with `--max-old-space-size`): reads the file itself, so
 * the document's bytes never cross the channel, parses it and sends the result or the failure back. One
 * document at a time. Running out of heap kills this process only; the pool tells that document why.
 */
if (!process.send) throw new Error('parser.worker must be started by ParserPool (child_process.fork)');
const settings = JSON.parse(process.argv[2] ?? '{}') as WorkerSettings;

function send(message: WorkerMessage): void {
  try {
    // The callback swallows a channel that closed meanwhile: the pool is gone, the disconnect handler exits.
    process.send?.(message, undefined, undefined, () => undefined);
  } catch {
    // Same, when the channel was already closed.
  }
}

// The pool closed the channel or its process died: no one will read a result. The pool starts this
// process as the leader of its own process group, so OCR subprocesses (pdftoppm, tesseract) go with it.
process.on('disconnect', () => {
  try {
    process.kill(-process.pid, 'SIGKILL');
  } catch {
    // Not a group leader (started by hand): its subprocesses end at their own deadline.
  }
  process.exit();
});

process.on('message', (request: ParseRequest) => {
  void (async () => {
    try {
      const input = await readFile(request.filePath);
      const document = await parseDocument(input, request.type, {
        limits: settings.limits,
        ocr: settings.ocr,
        heapBytes: settings.heapBytes,
        filePath: request.filePath,
        onProgress: (p) =>
          send({ kind: 'progress', id: request.id, done: p.done, total: p.total, rss: process.memoryUsage.rss() }),
      });
      send({ kind: 'parsed', id: request.id, document });
    } catch (err) {
      const failure = toParseError(err);
      send({ kind: 'failed', id: request.id, reason: failure.reason, message: failure.message });
    }
    // After the result is on its way (the document is garbage now): a large document grew the heap, and V8
    // would keep it that size while the next, small documents use a fraction of it.
    const trimAbove = settings.trimAboveBytes;
    if (trimAbove !== undefined && process.memoryUsage.rss() > trimAbove && releaseFreeHeap()) {
      send({ kind: 'memory', rss: process.memoryUsage.rss() });
    }
  })();
});

send({ kind: 'ready' });
