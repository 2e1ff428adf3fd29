import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * A plain HTTP server speaking Cohere's v2 rerank wire format (`POST /v2/rerank`), for the real SDK client to
 * talk to by base URL. A document's relevance is how often it holds `favourite` (so tests know the order to
 * expect); a test can make the next requests hang (never answered) or fail with a status.
 */
export type FakeRerankAnswer = { kind: 'hang' } | { kind: 'status'; status: number };

export class FakeRerankServer {
  readonly requests: Array<{ path: string; body: Record<string, unknown>; authorization?: string }> = [];
  private readonly script: FakeRerankAnswer[] = [];
  private readonly sockets = new Set<Socket>();
  private server?: Server;
  private origin = '';

  constructor(private readonly favourite: string) {}

  get baseUrl(): string {
    return this.origin;
  }

  answerNext(...answers: FakeRerankAnswer[]): this {
    this.script.push(...answers);
    return this;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    return this;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
    this.requests.push({ path: req.url ?? '', body, authorization: req.headers.authorization });
    if (req.method !== 'POST' || req.url !== '/v2/rerank') return this.send(res, 404, { message: 'no such route' });
    const scripted = this.script.shift();
    if (scripted?.kind === 'hang') return;
    if (scripted?.kind === 'status') return this.send(res, scripted.status, { message: 'scripted failure' });
    const documents = body.documents as string[];
    const count = (text: string) => text.toLowerCase().split(this.favourite).length - 1;
    const results = documents
      .map((text, index) => ({ index, relevance_score: Math.min(1, count(text) / 10) }))
      .sort((a, b) => b.relevance_score - a.relevance_score || a.index - b.index)
      .slice(0, typeof body.top_n === 'number' ? body.top_n : documents.length);
    this.send(res, 200, { id: 'fake-rerank', results, meta: { api_version: { version: '2' } } });
  }

  private send(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }
}
