import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The id of the request being served, carried through everything its handler awaits. Log lines read it
 * when they are written (pino's `mixin`), so entering a request costs one context switch and no child
 * logger: most requests log nothing until their completion line.
 */
const requestIds = new AsyncLocalStorage<string>();

/** Runs `fn` (and everything it starts) as part of the request `id`. */
export function runInRequestContext<T>(id: string, fn: () => T): T {
  return requestIds.run(id, fn);
}

/** The id of the request the caller is serving, if any. */
export function currentRequestId(): string | undefined {
  return requestIds.getStore();
}

/** pino `mixin`: `requestId` on every line written while serving a request. A fresh object: pino merges into it. */
export function requestIdLogFields(): { requestId?: string } {
  const requestId = requestIds.getStore();
  return requestId === undefined ? {} : { requestId };
}
