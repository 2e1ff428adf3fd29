import type { FastifyReply } from 'fastify';

const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  connection: 'keep-alive',
  // Proxies such as nginx buffer responses unless told not to; an answer must arrive as it is written.
  'x-accel-buffering': 'no',
};

/**
 * A server-sent event stream on a Fastify reply. Nothing is written until `commit()`: until then the
 * request can still fail with an ordinary HTTP error (a conversation that is not the caller's answers 404),
 * and events are held. After it, each event is one `event:`/`data:` frame, and a comment line goes out every
 * `heartbeatMs` so that proxies keep the connection open and a client that left is noticed (a write to a
 * closed connection fails).
 */
export class SseResponse {
  private pending: string[] = [];
  private committed = false;
  private ended = false;
  private heartbeat?: NodeJS.Timeout;

  constructor(
    private readonly reply: FastifyReply,
    private readonly heartbeatMs: number,
  ) {}

  get isCommitted(): boolean {
    return this.committed;
  }

  send(type: string, data: unknown): void {
    if (this.ended) return;
    const frame = `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
    if (this.committed) this.write(frame);
    else this.pending.push(frame);
  }

  commit(): void {
    if (this.committed || this.ended) return;
    this.committed = true;
    this.reply.hijack();
    const raw = this.reply.raw;
    // Headers set through Fastify so far (request id, security headers, rate limits) go along.
    raw.writeHead(200, { ...(this.reply.getHeaders() as Record<string, string>), ...SSE_HEADERS });
    raw.flushHeaders();
    const pending = this.pending.join('');
    this.pending = [];
    if (pending) this.write(pending);
    this.heartbeat = setInterval(() => this.write(': heartbeat\n\n'), this.heartbeatMs);
    this.heartbeat.unref();
  }

  /** Ends the stream (once committed; before that the reply is left to the error handler). */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    clearInterval(this.heartbeat);
    this.pending = [];
    if (this.committed && !this.reply.raw.writableEnded) this.reply.raw.end();
  }

  private write(text: string): void {
    const raw = this.reply.raw;
    if (raw.writableEnded || raw.destroyed) return;
    raw.write(text);
  }
}
