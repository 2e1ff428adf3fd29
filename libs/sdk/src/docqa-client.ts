import { createClient, createConfig, type Client } from './generated/client';
import { DocQaApi } from './generated/sdk.gen';
import type { ChatRequestDto } from './generated/types.gen';

/** A credential, or a function returning the current one (e.g. an access token your code refreshes). */
export type Credential = string | (() => string | undefined | Promise<string | undefined>);

export interface DocQaClientOptions {
  /** Where the API is served, e.g. `https://docqa.example.com` (without `/api/v1`). */
  baseUrl: string;
  /** Sent as `Authorization: Bearer ...` (from `login`, `register` or `refreshTokens`). */
  accessToken?: Credential;
  /** Sent as `X-API-Key`. */
  apiKey?: Credential;
  /** Requests act in this workspace (`X-Workspace-Id`); unset: the caller's personal workspace. */
  workspaceId?: string;
  /** Extra headers on every request. */
  headers?: Record<string, string>;
  /** A fetch implementation; default: the global one. */
  fetch?: typeof fetch;
}

/** The body of every DocQA error answer. */
export interface ApiErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
  requestId?: string;
}

/** An answer other than 2xx to a request whose result is streamed. */
export class DocQaApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody | string,
  ) {
    super(typeof body === 'string' ? `HTTP ${status}: ${body}` : `HTTP ${status}: ${String(body.message)}`);
    this.name = 'DocQaApiError';
  }
}

/** One server-sent event: its name (`message` when the server gave none) and its data, parsed when JSON. */
export interface StreamEvent<T = unknown> {
  event: string;
  data: T;
  id?: string;
}

/** What `POST /api/v1/chat` takes, streamed or not. */
export type ChatBody = ChatRequestDto;

/**
 * Every operation of the API (generated from openapi.json, one method per operationId), with credentials,
 * the workspace and the server applied to each request, plus `streamChat` for answers streamed as SSE.
 *
 *   const docqa = new DocQaClient({ baseUrl, accessToken });
 *   const { data, error } = await docqa.search({ body: { query: 'refund policy' } });
 */
export class DocQaClient extends DocQaApi {
  /** The underlying fetch client, for interceptors (`docqa.http.interceptors.request.use(...)`). */
  readonly http: Client;
  private readonly options: DocQaClientOptions;

  constructor(options: DocQaClientOptions) {
    const headers: Record<string, string> = { ...options.headers };
    if (options.workspaceId) headers['X-Workspace-Id'] = options.workspaceId;
    const http = createClient(
      createConfig({
        baseUrl: options.baseUrl.replace(/\/+$/, ''),
        headers,
        fetch: options.fetch,
        // Each operation lists both schemes; whichever credential was given is sent.
        auth: (scheme) => resolveCredential(scheme.type === 'apiKey' ? options.apiKey : options.accessToken),
      }),
    );
    super({ client: http });
    this.http = http;
    this.options = options;
  }

  /**
   * Asks a question and yields the answer's events as the server streams them (`Accept: text/event-stream`),
   * ending after the last one. A refused request (401, 404, 422, 429...) throws `DocQaApiError` with the
   * error body before anything is yielded. Never retried: a retry would ask the question again. Leaving the
   * loop early (or aborting `signal`) closes the connection, which stops the run on the server.
   */
  async *streamChat<T = unknown>(body: ChatBody, init: { signal?: AbortSignal } = {}): AsyncGenerator<StreamEvent<T>> {
    const abort = new AbortController();
    const onAbort = () => abort.abort(init.signal?.reason);
    if (init.signal?.aborted) onAbort();
    init.signal?.addEventListener('abort', onAbort, { once: true });
    let failure: unknown;
    let current: { event?: string; id?: string } = {};
    const baseFetch = this.options.fetch ?? globalThis.fetch;
    try {
      const { stream } = await this.http.sse.post({
        url: '/api/v1/chat',
        body,
        headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
        security: [
          { name: 'X-API-Key', type: 'apiKey' },
          { scheme: 'bearer', type: 'http' },
        ],
        signal: abort.signal,
        sseMaxRetryAttempts: 1,
        fetch: async (request) => {
          const response = await baseFetch(request);
          if (!response.ok) throw await apiError(response);
          return response;
        },
        // Called for each event just before its data is yielded: it carries the event's name and id.
        onSseEvent: (e) => {
          current = { event: e.event, id: e.id };
        },
        onSseError: (err) => {
          failure = err;
        },
      });
      for await (const data of stream) {
        yield { event: current.event ?? 'message', data: data as T, ...(current.id ? { id: current.id } : {}) };
      }
      if (failure !== undefined && !abort.signal.aborted) throw failure;
    } finally {
      init.signal?.removeEventListener('abort', onAbort);
      abort.abort();
    }
  }
}

async function resolveCredential(credential: Credential | undefined): Promise<string | undefined> {
  return typeof credential === 'function' ? credential() : credential;
}

async function apiError(response: Response): Promise<DocQaApiError> {
  const text = await response.text();
  try {
    return new DocQaApiError(response.status, JSON.parse(text) as ApiErrorBody);
  } catch {
    return new DocQaApiError(response.status, text);
  }
}
