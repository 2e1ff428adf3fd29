/** One streamed chat request as a client sees it, and what the server said about its own time. */
export interface ChatTiming {
  /** From sending the request to the first `token` event, as received. */
  ttftMs: number;
  /** From sending the request to the end of the stream. */
  totalMs: number;
  /** Server-side: LLM time before the first answer token (helping calls and the answer's own wait). */
  llmFirstTokenMs: number;
  llmMs: number;
  outcome: string;
  /** Server-side duration of each graph node (summed when a node ran more than once). */
  nodes: Record<string, number>;
}

/** `POST /chat` with `Accept: text/event-stream`, read to its end. */
export async function timedChat(url: string, token: string, question: string): Promise<ChatTiming> {
  const t0 = performance.now();
  const res = await fetch(`${url}/api/v1/chat`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ question }),
  });
  if (res.status !== 200) throw new Error(`chat: ${res.status} ${await res.text()}`);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let ttft = -1;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
    if (ttft < 0 && text.includes('event: token')) ttft = performance.now() - t0;
  }
  const totalMs = performance.now() - t0;
  const doneFrame = /event: done\ndata: (.*)\n/.exec(text);
  if (!doneFrame) throw new Error(`chat: the stream ended without done:\n${text.slice(-500)}`);
  const done = JSON.parse(doneFrame[1]) as {
    outcome: string;
    timings: { llmFirstTokenMs: number; llmMs: number };
  };
  const nodes: Record<string, number> = {};
  for (const m of text.matchAll(/event: node_end\ndata: (.*)\n/g)) {
    const e = JSON.parse(m[1]) as { node: string; durationMs: number };
    nodes[e.node] = (nodes[e.node] ?? 0) + e.durationMs;
  }
  return {
    nodes,
    ttftMs: ttft,
    totalMs,
    llmFirstTokenMs: done.timings.llmFirstTokenMs,
    llmMs: done.timings.llmMs,
    outcome: done.outcome,
  };
}
