/**
 * `fetch` for the SDK clients: rejections become this realm's `Error`s, aborts named `AbortError`. The SDKs
 * tell aborts and connection failures apart with `instanceof Error` and `name` checks, which miss errors
 * from another realm (a test VM) and the Cohere SDK's string abort reasons. Responses pass through untouched.
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
