import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

type GcFunction = (options?: { type?: 'major' | 'minor'; execution?: 'sync' | 'async'; flavor?: string }) => void;

let gc: GcFunction | null | undefined;

/**
 * V8's collector, without starting the process with `--expose-gc`: the flag set now applies to contexts
 * created after it, so a fresh context hands over `gc` while the application's own global never gets it.
 */
function collector(): GcFunction | null {
  if (gc === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      gc = runInNewContext('gc') as GcFunction;
    } catch {
      gc = null;
    }
  }
  return gc;
}

/**
 * Gives the free part of the heap back to the system. V8 keeps the heap at the largest size it reached:
 * starting the API left about 200 MB of heap for 70 to 90 MB of live objects, and each large ingestion job
 * grows it again; an ordinary collection frees the objects but not the pages. The "last resort" collection
 * compacts and releases them (measured here: API 211 -> 141 MB RSS, worker 204 -> 132 MB). It runs
 * synchronously (tens of milliseconds for a heap this size), so call it when the process has just finished
 * something, not in a request. Returns false where the collector cannot be reached.
 */
export function releaseFreeHeap(): boolean {
  const collect = collector();
  if (!collect) return false;
  collect({ type: 'major', execution: 'sync', flavor: 'last-resort' });
  return true;
}

/**
 * Calls `releaseFreeHeap` after work that may have grown the heap, but only when it grew by at least
 * `growthBytes` since the last release and not more often than every `minIntervalMs`: a release costs a few
 * full collections, which small jobs should not pay.
 */
export class HeapTrimmer {
  private baseline = process.memoryUsage().heapUsed;
  private lastAt = 0;

  constructor(
    private readonly growthBytes = 64 * 2 ** 20,
    private readonly minIntervalMs = 5_000,
  ) {}

  /** Releases the free heap if it is worth it now; returns whether it did. */
  maybeRelease(): boolean {
    const now = Date.now();
    if (now - this.lastAt < this.minIntervalMs) return false;
    if (this.growthBytes > 0 && process.memoryUsage().heapUsed - this.baseline < this.growthBytes) return false;
    this.lastAt = now;
    const released = releaseFreeHeap();
    this.baseline = process.memoryUsage().heapUsed;
    return released;
  }
}
