/**
 * The live V8 heap of an app process: a full garbage collection through the process's inspector
 * (`--inspect` on a loopback port the benchmark picked), then the heap still in use. RSS and the heap in use
 * between collections both include garbage V8 has not collected yet and space it has not given back; what
 * survives a full collection is what the process holds on to, so it alone tells a leak (it climbs from
 * phase to phase) from a heap or allocator that grew to its working size (it stays level).
 *
 * Each reading pauses the process for one full collection (tens of milliseconds at these heap sizes), so the
 * benchmark takes one per phase boundary, not one a second.
 */

interface CdpReply {
  id?: number;
  result?: Record<string, unknown>;
  error?: { message?: string };
}

/** Sends CDP commands in order over one WebSocket and resolves with the last command's result. */
async function cdp(url: string, methods: string[], timeoutMs: number): Promise<Record<string, unknown>> {
  const socket = new WebSocket(url);
  try {
    return await new Promise<Record<string, unknown>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`inspector: no answer in ${timeoutMs} ms`)), timeoutMs);
      let next = 0;
      const send = () => socket.send(JSON.stringify({ id: next + 1, method: methods[next] }));
      socket.addEventListener('open', send);
      socket.addEventListener('error', () => {
        clearTimeout(timer);
        reject(new Error(`inspector: cannot connect to ${url}`));
      });
      socket.addEventListener('message', (event) => {
        const reply = JSON.parse(String(event.data)) as CdpReply;
        if (reply.id !== next + 1) return;
        if (reply.error) {
          clearTimeout(timer);
          reject(new Error(`inspector: ${methods[next]}: ${reply.error.message ?? 'failed'}`));
          return;
        }
        next += 1;
        if (next < methods.length) return send();
        clearTimeout(timer);
        resolve(reply.result ?? {});
      });
    });
  } finally {
    socket.close();
  }
}

/** Bytes of V8 heap in use in the process whose inspector listens on `port`, right after a full collection. */
export async function liveHeapBytes(port: number, timeoutMs = 15_000): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${port}/json/list`, { signal: AbortSignal.timeout(timeoutMs) });
  const targets = (await res.json()) as Array<{ type?: string; webSocketDebuggerUrl?: string }>;
  const target = targets.find((t) => t.type === 'node' && t.webSocketDebuggerUrl) ?? targets[0];
  if (!target?.webSocketDebuggerUrl) throw new Error(`inspector on port ${port}: no target`);
  const usage = await cdp(
    target.webSocketDebuggerUrl,
    ['HeapProfiler.collectGarbage', 'Runtime.getHeapUsage'],
    timeoutMs,
  );
  const used = usage.usedSize;
  if (typeof used !== 'number') throw new Error('inspector: Runtime.getHeapUsage gave no usedSize');
  return used;
}
