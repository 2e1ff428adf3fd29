/**
 * `fetch` for the SDK clients. Both SDKs tell a timed-out request from other failures by
 * `err instanceof Error && err.name === 'AbortError'`, which misses in two cases: the Cohere SDK aborts with
 * the string "timeout", and fetch rejects with that reason itself (so a Cohere timeout came out as a generic
 * error, never retried as one), and errors created in another realm (a test VM, a worker) are not
 * `instanceof` this realm's Error. Rejections are normalised into this realm's errors, aborts named
 * `AbortError`; successful responses pass through untouched.
 */
export const sdkFetch: typeof fetch = async (input, init) => {
  try {
    return await fetch(input, init);
  } catch (err) {
    if (init?.signal?.aborted) {
      throw Object.assign(new Error('The operation was aborted', { cause: err }), { name: 'AbortError' });
    }
    if (err instanceof Error) throw err;
    const e = err as { message?: unknown; name?: unknown; cause?: unknown } | undefined;
    throw Object.assign(
      new Error(typeof e?.message === 'string' ? e.message : String(err), { cause: e?.cause ?? err }),
      {
        name: typeof e?.name === 'string' ? e.name : 'Error',
      },
    );
  }
};
