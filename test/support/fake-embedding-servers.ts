import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Plain HTTP servers speaking the embedding wire formats of OpenAI (`POST /v1/embeddings`) and Cohere v2
 * (`POST /v2/embed`), for the real SDK clients to talk to by base URL. Vectors are a deterministic function of
 * the text (`fakeVector`), so tests know what to expect; a test can script the next answers: an HTTP error
 * (429 with Retry-After, 500, 401...) or a request that never gets an answer.
 */
export type FakeAnswer =
  | { kind: 'status'; status: number; retryAfter?: string; message?: string }
  /** Accepts the request and never answers (a hung upstream). */
  | { kind: 'hang' };

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
}

export interface FakeServerOptions {
  /** Dimension of the vectors served (OpenAI's `dimensions` parameter shortens them). */
  dimension: number;
  /** When set, requests without `Authorization: Bearer <apiKey>` get a 401. */
  apiKey?: string;
  /** OpenAI only: answer JSON floats whatever `encoding_format` asks, as some OpenAI-compatible servers do. */
  floatsOnly?: boolean;
}

/**
 * A deterministic, not normalised vector per (text, salt): sha256 stretched over the dimension. Clients are
 * expected to return it scaled to unit length.
 */
export function fakeVector(text: string, dimension: number, salt = ''): number[] {
  const out: number[] = [];
  for (let i = 0; out.length < dimension; i++) {
    const block = createHash('sha256').update(`${salt}\0${text}\0${i}`).digest();
    for (let j = 0; j + 1 < block.length && out.length < dimension; j += 2) out.push(block.readInt16LE(j) / 4096);
  }
  return out;
}

/** What a client should produce from `fakeVector`: the same direction, unit length, float32. */
export function unitFakeVector(text: string, dimension: number, salt = ''): Float32Array {
  const v = Float32Array.from(fakeVector(text, dimension, salt));
  const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  return v.map((x) => x / norm);
}

abstract class FakeEmbeddingServer {
  readonly requests: RecordedRequest[] = [];
  private readonly script: FakeAnswer[] = [];
  private readonly sockets = new Set<Socket>();
  private server?: Server;
  protected origin = '';

  constructor(protected readonly options: FakeServerOptions) {}

  /** The base URL to give the SDK. */
  abstract get baseUrl(): string;

  /** Requests to the embedding endpoint so far. */
  get embedRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.path === this.embedPath);
  }

  /** The next requests get these answers, in order; after them, requests succeed again. */
  answerNext(...answers: FakeAnswer[]): this {
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

  protected abstract readonly embedPath: string;
  protected abstract unauthorized(): { status: number; body: unknown };
  protected abstract errorBody(status: number, message: string): unknown;
  /** The success body, or a 400 message when the request is not what the vendor accepts. */
  protected abstract embed(body: Record<string, unknown>): { body: unknown } | { invalid: string };

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let body: Record<string, unknown>;
    try {
      body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
    } catch {
      return this.send(res, 400, this.errorBody(400, 'invalid JSON body'));
    }
    this.requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
    if (req.method !== 'POST' || req.url !== this.embedPath) {
      return this.send(res, 404, this.errorBody(404, `no route ${req.method} ${req.url}`));
    }
    if (this.options.apiKey && req.headers.authorization !== `Bearer ${this.options.apiKey}`) {
      const { status, body: errorBody } = this.unauthorized();
      return this.send(res, status, errorBody);
    }
    const scripted = this.script.shift();
    if (scripted?.kind === 'hang') return;
    if (scripted?.kind === 'status') {
      const headers: Record<string, string> = scripted.retryAfter ? { 'retry-after': scripted.retryAfter } : {};
      return this.send(
        res,
        scripted.status,
        this.errorBody(scripted.status, scripted.message ?? 'scripted failure'),
        headers,
      );
    }
    const result = this.embed(body);
    if ('invalid' in result) return this.send(res, 400, this.errorBody(400, result.invalid));
    this.send(res, 200, result.body);
  }

  private send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  }
}

/** OpenAI `POST /v1/embeddings`: base64 float32 when `encoding_format: base64` (the SDK's default), else JSON floats. */
export class FakeOpenAiServer extends FakeEmbeddingServer {
  protected readonly embedPath = '/v1/embeddings';

  get baseUrl(): string {
    return `${this.origin}/v1`;
  }

  protected unauthorized() {
    // Real OpenAI echoes a masked key; this one echoes the whole key, to prove clients never pass it on.
    const presented = String(this.requests.at(-1)?.headers.authorization ?? '').replace(/^Bearer /, '');
    return {
      status: 401,
      body: {
        error: {
          message: `Incorrect API key provided: ${presented}. You can find your API key at https://platform.openai.com/account/api-keys.`,
          type: 'invalid_request_error',
          param: null,
          code: 'invalid_api_key',
        },
      },
    };
  }

  protected errorBody(status: number, message: string) {
    return {
      error: { message, type: status === 429 ? 'rate_limit_exceeded' : 'server_error', param: null, code: null },
    };
  }

  protected embed(body: Record<string, unknown>) {
    const input = typeof body.input === 'string' ? [body.input] : body.input;
    if (!Array.isArray(input) || !input.length || input.some((t) => typeof t !== 'string')) {
      return { invalid: "'input' must be a string or a non-empty array of strings" };
    }
    if (input.length > 2048) return { invalid: `'input' has ${input.length} items, more than 2048` };
    if (input.some((t) => t === '')) return { invalid: "'$.input' is invalid: empty strings are not allowed" };
    if (typeof body.model !== 'string') return { invalid: "'model' is required" };
    const dimension = typeof body.dimensions === 'number' ? body.dimensions : this.options.dimension;
    const data = (input as string[]).map((text, index) => {
      const values = fakeVector(text, this.options.dimension).slice(0, dimension);
      const embedding =
        body.encoding_format === 'base64' && !this.options.floatsOnly
          ? Buffer.from(Float32Array.from(values).buffer).toString('base64')
          : values;
      return { object: 'embedding', index, embedding };
    });
    const tokens = (input as string[]).reduce((n, t) => n + t.split(/\s+/).length, 0);
    // Shuffled: the API does not promise order, `index` says where each vector goes.
    return {
      body: {
        object: 'list',
        data: data.reverse(),
        model: body.model,
        usage: { prompt_tokens: tokens, total_tokens: tokens },
      },
    };
  }
}

/** Cohere v2 `POST /v2/embed`, with `input_type` salting the vectors (queries and passages differ, as at Cohere). */
export class FakeCohereServer extends FakeEmbeddingServer {
  protected readonly embedPath = '/v2/embed';

  get baseUrl(): string {
    return this.origin;
  }

  protected unauthorized() {
    return { status: 401, body: { id: 'fake', message: 'invalid api token' } };
  }

  protected errorBody(_status: number, message: string) {
    return { id: 'fake', message };
  }

  protected embed(body: Record<string, unknown>) {
    const texts = body.texts;
    if (!Array.isArray(texts) || !texts.length) return { invalid: 'texts must be a non-empty array' };
    if (texts.length > 96)
      return { invalid: `invalid request: texts cannot have more than 96 elements, got ${texts.length}` };
    if (texts.some((t) => typeof t !== 'string' || t === ''))
      return { invalid: 'invalid request: texts must be non-empty strings' };
    if (typeof body.input_type !== 'string') return { invalid: 'invalid request: input_type is required' };
    const types = body.embedding_types;
    if (!Array.isArray(types) || !types.includes('float')) return { invalid: 'this fake serves float embeddings only' };
    const dimension = typeof body.output_dimension === 'number' ? body.output_dimension : this.options.dimension;
    return {
      body: {
        id: 'fake-embed',
        texts,
        embeddings: { float: (texts as string[]).map((t) => fakeVector(t, dimension, body.input_type as string)) },
        meta: { api_version: { version: '2' }, billed_units: { input_tokens: texts.length } },
        response_type: 'embeddings_by_type',
      },
    };
  }
}

export function startFakeOpenAi(options: FakeServerOptions): Promise<FakeOpenAiServer> {
  return new FakeOpenAiServer(options).start();
}

export function startFakeCohere(options: FakeServerOptions): Promise<FakeCohereServer> {
  return new FakeCohereServer(options).start();
}
