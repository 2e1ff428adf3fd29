import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Plain HTTP servers speaking each LLM vendor's chat wire protocol, for the real SDK clients to talk to by
 * base URL: OpenAI chat completions (`POST /v1/chat/completions`, SSE chunks ending in `[DONE]`, usage in a
 * last chunk when `stream_options.include_usage` asks), Groq (the same under `/openai/v1`, usage in
 * `x_groq.usage`), Anthropic messages (`POST /v1/messages`, named SSE events) and Cohere chat v2
 * (`POST /v2/chat`, named SSE events). Answers are deterministic; a test can script the next answers: an
 * HTTP error (429 with Retry-After, 500...), a request that never gets an answer (`hang`), headers and then
 * silence (`stall`), a stream cut after some chunks (`cut`), or a given reply with text or tool calls.
 */
export type FakeLlmVendor = 'openai' | 'groq' | 'anthropic' | 'cohere';

export interface FakeToolCall {
  name: string;
  arguments: Record<string, unknown>;
}

export type FakeLlmAnswer =
  | { kind: 'status'; status: number; retryAfter?: string; message?: string }
  /** Accepts the request and never answers: no headers, no body. */
  | { kind: 'hang' }
  /** Sends the response headers of a stream, then nothing. */
  | { kind: 'stall' }
  /** Streams `afterChunks` text chunks of the reply, then destroys the connection. */
  | { kind: 'cut'; afterChunks: number }
  /** A reply with this text and/or these tool calls (default: the server's deterministic answer). */
  | { kind: 'reply'; text?: string; toolCalls?: FakeToolCall[] };

export interface RecordedChatRequest {
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
  /** What the server answered: `reply`, a status, `hang`, `stall` or `cut`. */
  answered: string;
}

export interface FakeLlmServerOptions {
  /** When set, requests without this key (in the vendor's header) get the vendor's 401. */
  apiKey?: string;
  /** Report token usage as the vendor does (default true); false imitates servers that report none. */
  reportUsage?: boolean;
  /** Milliseconds before the first chunk of a streamed answer (time to first token). */
  firstChunkDelayMs?: number;
  /** Milliseconds between the chunks of a streamed answer. */
  chunkDelayMs?: number;
  /**
   * Longest default answer, in words (default: all of it). The default answer echoes the last user message,
   * which for a RAG prompt holds every passage: thousands of words, streamed a chunk each, where a real
   * model answers in a paragraph.
   */
  answerWords?: number;
}

/** Usage the fake reports: one input token per word of the request's text, one output token per chunk. */
export interface ReportedUsage {
  inputTokens: number;
  outputTokens: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function words(text: string): string[] {
  return text.match(/\S+\s*/g) ?? [];
}

/** The text of every message in a request body, whatever the vendor's shape. */
function requestText(body: Record<string, unknown>): string {
  const parts: string[] = [];
  const visit = (value: unknown): void => {
    if (typeof value === 'string') parts.push(value);
    else if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') {
      const v = value as Record<string, unknown>;
      for (const key of ['content', 'text']) if (key in v) visit(v[key]);
    }
  };
  visit(body.messages);
  if (typeof body.system === 'string') parts.push(body.system);
  return parts.join(' ');
}

function lastUserText(body: Record<string, unknown>): string {
  const messages = (body.messages as Array<{ role: string; content: unknown }>) ?? [];
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m.role !== 'user') continue;
    if (typeof m.content === 'string') return m.content;
    if (Array.isArray(m.content)) {
      const text = (m.content as Array<{ type?: string; text?: string }>).find((c) => c.type === 'text')?.text;
      if (text) return text;
    }
  }
  return '';
}

interface Reply {
  text: string;
  toolCalls: FakeToolCall[];
  /** Stream only this many text chunks, then cut the connection. */
  cutAfter?: number;
}

abstract class FakeLlmServer {
  readonly requests: RecordedChatRequest[] = [];
  readonly reported: ReportedUsage[] = [];
  /** Responses whose connection the client closed before the server had finished them (a cancelled call). */
  closedByClient = 0;
  private readonly script: FakeLlmAnswer[] = [];
  private sticky?: FakeLlmAnswer;
  private readonly sockets = new Set<Socket>();
  private server?: Server;
  protected origin = '';

  constructor(
    readonly vendor: FakeLlmVendor,
    protected readonly options: FakeLlmServerOptions = {},
  ) {}

  /** The base URL to give the vendor's SDK. */
  abstract get baseUrl(): string;

  /** The next requests get these answers, in order; after them, the sticky answer or normal replies. */
  answerNext(...answers: FakeLlmAnswer[]): this {
    this.script.push(...answers);
    return this;
  }

  /** Every request (after the scripted ones) gets this answer, until called again with undefined. */
  answerAlways(answer: FakeLlmAnswer | undefined): this {
    this.sticky = answer;
    return this;
  }

  /** Forgets recorded requests and scripts. */
  reset(): this {
    this.requests.length = 0;
    this.reported.length = 0;
    this.script.length = 0;
    this.sticky = undefined;
    return this;
  }

  /** The deterministic answer to a question: what a reply without scripted text says. */
  static answerTo(vendor: FakeLlmVendor, question: string): string {
    return `Fake ${vendor} answer to: ${question}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 60_000;
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

  protected abstract readonly chatPath: string;
  protected abstract presentedKey(req: IncomingMessage): string | undefined;
  protected abstract errorBody(status: number, message: string): unknown;
  /** A 400 message when the body is not what the vendor accepts. */
  protected abstract invalid(body: Record<string, unknown>): string | undefined;
  protected abstract wantsJson(body: Record<string, unknown>): boolean;
  /** The SSE frames of a streamed reply, split so that `textChunks` frames carry text. */
  protected abstract frames(body: Record<string, unknown>, reply: Reply, usage: ReportedUsage | undefined): string[];
  /** The non-streamed answer body. */
  protected abstract whole(body: Record<string, unknown>, reply: Reply, usage: ReportedUsage | undefined): unknown;
  /** How many of the leading frames come before the first text frame. */
  protected abstract readonly framesBeforeText: number;

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let body: Record<string, unknown>;
    try {
      body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
    } catch {
      return this.send(res, 400, this.errorBody(400, 'invalid JSON body'));
    }
    if (req.method !== 'POST' || req.url !== this.chatPath) {
      return this.send(res, 404, this.errorBody(404, `no route ${req.method} ${req.url}`));
    }
    const record: RecordedChatRequest = { path: req.url, headers: req.headers, body, answered: 'reply' };
    this.requests.push(record);
    res.once('close', () => {
      if (!res.writableFinished) this.closedByClient += 1;
    });
    if (this.options.apiKey && this.presentedKey(req) !== this.options.apiKey) {
      record.answered = '401';
      return this.send(res, 401, this.errorBody(401, 'invalid api key'));
    }
    const problem = this.invalid(body);
    if (problem) {
      record.answered = '400';
      return this.send(res, 400, this.errorBody(400, problem));
    }
    const answer = this.script.shift() ?? this.sticky ?? { kind: 'reply' };
    record.answered = answer.kind === 'status' ? String(answer.status) : answer.kind;
    if (answer.kind === 'hang') return;
    if (answer.kind === 'status') {
      const headers: Record<string, string> = answer.retryAfter ? { 'retry-after': answer.retryAfter } : {};
      return this.send(
        res,
        answer.status,
        this.errorBody(answer.status, answer.message ?? 'scripted failure'),
        headers,
      );
    }
    if (answer.kind === 'stall') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.flushHeaders();
      return;
    }
    const question = lastUserText(body);
    const echo = FakeLlmServer.answerTo(this.vendor, question);
    const answerText = this.options.answerWords
      ? words(echo).slice(0, this.options.answerWords).join('').trimEnd()
      : echo;
    const defaultText = this.wantsJson(body)
      ? JSON.stringify({ answer: answerText, vendor: this.vendor })
      : answerText;
    const reply: Reply =
      answer.kind === 'cut'
        ? { text: defaultText, toolCalls: [], cutAfter: answer.afterChunks }
        : {
            text: answer.text ?? (answer.toolCalls?.length ? '' : defaultText),
            toolCalls: answer.toolCalls ?? [],
          };
    const textChunks = words(reply.text).length;
    const usage: ReportedUsage | undefined =
      this.options.reportUsage === false
        ? undefined
        : {
            inputTokens: words(requestText(body)).length,
            outputTokens: textChunks + reply.toolCalls.length * 3,
          };
    if (usage) this.reported.push(usage);
    if (body.stream !== true) return this.send(res, 200, this.whole(body, reply, usage));
    await this.stream(res, this.frames(body, reply, usage), reply.cutAfter);
  }

  private async stream(res: ServerResponse, frames: string[], cutAfter: number | undefined): Promise<void> {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.flushHeaders();
    const firstDelay = this.options.firstChunkDelayMs ?? 0;
    const delay = this.options.chunkDelayMs ?? 0;
    // A cut stream carries its leading frames and `cutAfter` text frames, then the connection drops.
    const limit = cutAfter === undefined ? frames.length : this.framesBeforeText + cutAfter;
    for (let i = 0; i < frames.length; i++) {
      if (i === limit) {
        // Only once what was written has left: the client must see those chunks, then a reset.
        res.socket?.resetAndDestroy();
        return;
      }
      if (i === 0 && firstDelay) await sleep(firstDelay);
      else if (i > 0 && delay) await sleep(delay);
      if (res.destroyed) return;
      if (i + 1 === limit) await new Promise<void>((resolve) => res.write(frames[i], () => resolve()));
      else res.write(frames[i]);
    }
    res.end();
  }

  private send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  }
}

const sse = (data: unknown, event?: string) => `${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data)}\n\n`;

/** Tool arguments streamed in two pieces, as vendors do, so clients must join them. */
function argumentPieces(args: Record<string, unknown>): string[] {
  const json = JSON.stringify(args);
  const half = Math.ceil(json.length / 2);
  return [json.slice(0, half), json.slice(half)];
}

/** OpenAI chat completions; with `groq: true`, Groq's variant under `/openai/v1` with `x_groq.usage`. */
export class FakeOpenAiChatServer extends FakeLlmServer {
  protected readonly chatPath: string;
  protected readonly framesBeforeText = 1;

  constructor(vendor: 'openai' | 'groq', options: FakeLlmServerOptions = {}) {
    super(vendor, options);
    this.chatPath = vendor === 'groq' ? '/openai/v1/chat/completions' : '/v1/chat/completions';
  }

  get baseUrl(): string {
    return this.vendor === 'groq' ? this.origin : `${this.origin}/v1`;
  }

  protected presentedKey(req: IncomingMessage): string | undefined {
    return req.headers.authorization?.replace(/^Bearer /, '');
  }

  protected errorBody(status: number, message: string) {
    return {
      error: {
        message,
        type: status === 429 ? 'rate_limit_exceeded' : status === 401 ? 'invalid_request_error' : 'server_error',
        code: null,
      },
    };
  }

  protected invalid(body: Record<string, unknown>): string | undefined {
    if (typeof body.model !== 'string') return "'model' is required";
    const messages = body.messages as Array<{ role?: unknown; tool_call_id?: unknown }> | undefined;
    if (!Array.isArray(messages) || !messages.length) return "'messages' must be a non-empty array";
    for (const m of messages) {
      if (!['system', 'user', 'assistant', 'tool', 'developer'].includes(String(m.role))) return `bad role ${m.role}`;
      if (m.role === 'tool' && typeof m.tool_call_id !== 'string') return 'tool messages need tool_call_id';
    }
    const format = body.response_format as { type?: string } | undefined;
    if (format?.type === 'json_object' && !/json/i.test(JSON.stringify(messages))) {
      return "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'";
    }
    return undefined;
  }

  protected wantsJson(body: Record<string, unknown>): boolean {
    const type = (body.response_format as { type?: string } | undefined)?.type;
    return type === 'json_object' || type === 'json_schema';
  }

  protected frames(body: Record<string, unknown>, reply: Reply, usage: ReportedUsage | undefined): string[] {
    const base = { id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 1_700_000_000, model: body.model };
    const chunk = (delta: Record<string, unknown>, finish: string | null = null, extra: Record<string, unknown> = {}) =>
      sse({ ...base, choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }], ...extra });
    const out = [chunk({ role: 'assistant', content: '' })];
    for (const piece of words(reply.text)) out.push(chunk({ content: piece }));
    reply.toolCalls.forEach((call, index) => {
      out.push(
        chunk({
          tool_calls: [
            { index, id: `call_${index}_fake`, type: 'function', function: { name: call.name, arguments: '' } },
          ],
        }),
      );
      for (const piece of argumentPieces(call.arguments)) {
        out.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
      }
    });
    const finish = reply.toolCalls.length ? 'tool_calls' : 'stop';
    const wire = usage && {
      prompt_tokens: usage.inputTokens,
      completion_tokens: usage.outputTokens,
      total_tokens: usage.inputTokens + usage.outputTokens,
    };
    if (this.vendor === 'groq') {
      out.push(chunk({}, finish, wire ? { x_groq: { id: 'req_fake', usage: wire } } : {}));
    } else {
      out.push(chunk({}, finish));
      const wantsUsage = (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage;
      if (wire && wantsUsage) out.push(sse({ ...base, choices: [], usage: wire }));
    }
    out.push('data: [DONE]\n\n');
    return out;
  }

  protected whole(body: Record<string, unknown>, reply: Reply, usage: ReportedUsage | undefined) {
    return {
      id: 'chatcmpl-fake',
      object: 'chat.completion',
      created: 1_700_000_000,
      model: body.model,
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: reply.text || null,
            ...(reply.toolCalls.length
              ? {
                  tool_calls: reply.toolCalls.map((c, i) => ({
                    id: `call_${i}_fake`,
                    type: 'function',
                    function: { name: c.name, arguments: JSON.stringify(c.arguments) },
                  })),
                }
              : {}),
          },
          finish_reason: reply.toolCalls.length ? 'tool_calls' : 'stop',
        },
      ],
      ...(usage
        ? {
            usage: {
              prompt_tokens: usage.inputTokens,
              completion_tokens: usage.outputTokens,
              total_tokens: usage.inputTokens + usage.outputTokens,
            },
          }
        : {}),
    };
  }
}

/** Anthropic messages API with its event stream. */
export class FakeAnthropicServer extends FakeLlmServer {
  protected readonly chatPath = '/v1/messages';
  protected readonly framesBeforeText = 3;

  constructor(options: FakeLlmServerOptions = {}) {
    super('anthropic', options);
  }

  get baseUrl(): string {
    return this.origin;
  }

  /** `x-api-key`, or a bearer token, which the SDK sends for API keys too since 1.x. */
  protected presentedKey(req: IncomingMessage): string | undefined {
    const key = req.headers['x-api-key'];
    return typeof key === 'string' ? key : req.headers.authorization?.replace(/^Bearer /, '');
  }

  protected errorBody(status: number, message: string) {
    const type =
      status === 429
        ? 'rate_limit_error'
        : status === 401
          ? 'authentication_error'
          : status === 400
            ? 'invalid_request_error'
            : status === 529
              ? 'overloaded_error'
              : 'api_error';
    return { type: 'error', error: { type, message } };
  }

  protected invalid(body: Record<string, unknown>): string | undefined {
    if (typeof body.model !== 'string') return 'model: Field required';
    if (typeof body.max_tokens !== 'number') return 'max_tokens: Field required';
    const messages = body.messages as Array<{ role?: unknown }> | undefined;
    if (!Array.isArray(messages) || !messages.length) return 'messages: at least one message is required';
    if (messages[0].role !== 'user') return 'messages: first message must use the "user" role';
    for (let i = 0; i < messages.length; i++) {
      if (messages[i].role !== 'user' && messages[i].role !== 'assistant') {
        return `messages.${i}.role: Input should be 'user' or 'assistant'`;
      }
      if (i && messages[i].role === messages[i - 1].role) return 'messages: roles must alternate';
    }
    return undefined;
  }

  protected wantsJson(body: Record<string, unknown>): boolean {
    return (
      !!(body.output_config as { format?: unknown } | undefined)?.format || /JSON object/.test(String(body.system))
    );
  }

  protected frames(body: Record<string, unknown>, reply: Reply, usage: ReportedUsage | undefined): string[] {
    const out = [
      sse(
        {
          type: 'message_start',
          message: {
            id: 'msg_fake',
            type: 'message',
            role: 'assistant',
            model: body.model,
            content: [],
            stop_reason: null,
            stop_sequence: null,
            ...(usage ? { usage: { input_tokens: usage.inputTokens, output_tokens: 1 } } : {}),
          },
        },
        'message_start',
      ),
      sse({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }, 'content_block_start'),
      sse({ type: 'ping' }, 'ping'),
    ];
    for (const piece of words(reply.text)) {
      out.push(
        sse(
          { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: piece } },
          'content_block_delta',
        ),
      );
    }
    out.push(sse({ type: 'content_block_stop', index: 0 }, 'content_block_stop'));
    reply.toolCalls.forEach((call, i) => {
      const index = i + 1;
      out.push(
        sse(
          {
            type: 'content_block_start',
            index,
            content_block: { type: 'tool_use', id: `toolu_${i}_fake`, name: call.name, input: {} },
          },
          'content_block_start',
        ),
      );
      for (const piece of argumentPieces(call.arguments)) {
        out.push(
          sse(
            { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: piece } },
            'content_block_delta',
          ),
        );
      }
      out.push(sse({ type: 'content_block_stop', index }, 'content_block_stop'));
    });
    out.push(
      sse(
        {
          type: 'message_delta',
          delta: { stop_reason: reply.toolCalls.length ? 'tool_use' : 'end_turn', stop_sequence: null },
          ...(usage ? { usage: { output_tokens: usage.outputTokens } } : {}),
        },
        'message_delta',
      ),
    );
    out.push(sse({ type: 'message_stop' }, 'message_stop'));
    return out;
  }

  protected whole(body: Record<string, unknown>, reply: Reply, usage: ReportedUsage | undefined) {
    return {
      id: 'msg_fake',
      type: 'message',
      role: 'assistant',
      model: body.model,
      content: [
        ...(reply.text ? [{ type: 'text', text: reply.text }] : []),
        ...reply.toolCalls.map((c, i) => ({
          type: 'tool_use',
          id: `toolu_${i}_fake`,
          name: c.name,
          input: c.arguments,
        })),
      ],
      stop_reason: reply.toolCalls.length ? 'tool_use' : 'end_turn',
      stop_sequence: null,
      usage: usage ? { input_tokens: usage.inputTokens, output_tokens: usage.outputTokens } : undefined,
    };
  }
}

/** Cohere chat v2 with its event stream. */
export class FakeCohereChatServer extends FakeLlmServer {
  protected readonly chatPath = '/v2/chat';
  protected readonly framesBeforeText = 2;

  constructor(options: FakeLlmServerOptions = {}) {
    super('cohere', options);
  }

  get baseUrl(): string {
    return this.origin;
  }

  protected presentedKey(req: IncomingMessage): string | undefined {
    return req.headers.authorization?.replace(/^Bearer /, '');
  }

  protected errorBody(_status: number, message: string) {
    return { id: 'fake', message };
  }

  protected invalid(body: Record<string, unknown>): string | undefined {
    if (typeof body.model !== 'string') return 'invalid request: model is required';
    const messages = body.messages as Array<{ role?: unknown; tool_call_id?: unknown }> | undefined;
    if (!Array.isArray(messages) || !messages.length) return 'invalid request: messages must not be empty';
    for (const m of messages) {
      if (!['system', 'user', 'assistant', 'tool'].includes(String(m.role))) return `invalid role ${m.role}`;
      if (m.role === 'tool' && typeof m.tool_call_id !== 'string') return 'tool messages need tool_call_id';
    }
    return undefined;
  }

  protected wantsJson(body: Record<string, unknown>): boolean {
    return (body.response_format as { type?: string } | undefined)?.type === 'json_object';
  }

  protected frames(_body: Record<string, unknown>, reply: Reply, usage: ReportedUsage | undefined): string[] {
    const out = [
      sse(
        {
          id: 'fake-chat',
          type: 'message-start',
          delta: { message: { role: 'assistant', content: [], tool_plan: '', tool_calls: [], citations: [] } },
        },
        'message-start',
      ),
      sse(
        { type: 'content-start', index: 0, delta: { message: { content: { type: 'text', text: '' } } } },
        'content-start',
      ),
    ];
    for (const piece of words(reply.text)) {
      out.push(
        sse({ type: 'content-delta', index: 0, delta: { message: { content: { text: piece } } } }, 'content-delta'),
      );
    }
    out.push(sse({ type: 'content-end', index: 0 }, 'content-end'));
    if (reply.toolCalls.length) {
      out.push(
        sse({ type: 'tool-plan-delta', delta: { message: { tool_plan: 'I will use a tool.' } } }, 'tool-plan-delta'),
      );
    }
    reply.toolCalls.forEach((call, index) => {
      out.push(
        sse(
          {
            type: 'tool-call-start',
            index,
            delta: {
              message: {
                tool_calls: {
                  id: `${call.name}_${index}_fake`,
                  type: 'function',
                  function: { name: call.name, arguments: '' },
                },
              },
            },
          },
          'tool-call-start',
        ),
      );
      for (const piece of argumentPieces(call.arguments)) {
        out.push(
          sse(
            { type: 'tool-call-delta', index, delta: { message: { tool_calls: { function: { arguments: piece } } } } },
            'tool-call-delta',
          ),
        );
      }
      out.push(sse({ type: 'tool-call-end', index }, 'tool-call-end'));
    });
    out.push(
      sse(
        {
          type: 'message-end',
          delta: {
            finish_reason: reply.toolCalls.length ? 'TOOL_CALL' : 'COMPLETE',
            ...(usage
              ? {
                  usage: {
                    billed_units: { input_tokens: usage.inputTokens, output_tokens: usage.outputTokens },
                    // Cohere's raw counts include its own prompt; billing uses billed_units.
                    tokens: { input_tokens: usage.inputTokens + 100, output_tokens: usage.outputTokens },
                  },
                }
              : {}),
          },
        },
        'message-end',
      ),
    );
    return out;
  }

  protected whole(_body: Record<string, unknown>, reply: Reply, usage: ReportedUsage | undefined) {
    return {
      id: 'fake-chat',
      finish_reason: reply.toolCalls.length ? 'TOOL_CALL' : 'COMPLETE',
      message: {
        role: 'assistant',
        content: reply.text ? [{ type: 'text', text: reply.text }] : [],
        tool_calls: reply.toolCalls.map((c, i) => ({
          id: `${c.name}_${i}_fake`,
          type: 'function',
          function: { name: c.name, arguments: JSON.stringify(c.arguments) },
        })),
      },
      ...(usage
        ? { usage: { billed_units: { input_tokens: usage.inputTokens, output_tokens: usage.outputTokens } } }
        : {}),
    };
  }
}

export type AnyFakeLlmServer = FakeOpenAiChatServer | FakeAnthropicServer | FakeCohereChatServer;

export function startFakeLlmServer(
  vendor: FakeLlmVendor,
  options: FakeLlmServerOptions = {},
): Promise<AnyFakeLlmServer> {
  switch (vendor) {
    case 'openai':
    case 'groq':
      return new FakeOpenAiChatServer(vendor, options).start();
    case 'anthropic':
      return new FakeAnthropicServer(options).start();
    case 'cohere':
      return new FakeCohereChatServer(options).start();
  }
}

/** The deterministic answer of a vendor's fake to a question. */
export function fakeAnswer(vendor: FakeLlmVendor, question: string): string {
  return `Fake ${vendor} answer to: ${question}`;
}

/** Settings that make a fake OpenAI-compatible server the first LLM, the offline answerer after it, no retries. */
export function fakeCompatibleLlmEnv(baseUrl: string): Record<string, string> {
  return {
    OPENAI_COMPATIBLE_BASE_URL: baseUrl,
    OPENAI_COMPATIBLE_MODEL: 'fake-model',
    LLM_CHAIN: 'openai-compatible,offline',
    LLM_MAX_RETRIES: '0',
  };
}
