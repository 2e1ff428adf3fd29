import { uploadForm } from '../../../test/support/document-fixtures';
import { DocumentFactory, type GeneratedDocument, queryFrom } from './documents';
import type { RequestSample } from './stats';

export interface LoadUser {
  email: string;
  accessToken: string;
  workspaceId: string;
}

/** One upload as the client saw it, and the bytes' hash, to find what the server kept of it. */
export interface UploadAttempt {
  workspaceId: string;
  name: string;
  sha256: string;
  phase: string;
  at: number;
  status: number;
  /** The document id the API answered (202), a new one or, for `duplicate`, the existing one. */
  id?: string;
  duplicate?: boolean;
  /** True when these bytes were sent on purpose a second time (the answer must name the first document). */
  repeat: boolean;
}

export interface ClientContext {
  /** The API base URLs, used in turn as a load balancer would. */
  apis: string[];
  clock: () => number;
  phase: () => string;
  record: (sample: RequestSample) => void;
  timeoutMs: number;
  /** The timeout of chat requests (an agent run takes longer than a search). */
  chatTimeoutMs: number;
}

type Json = Record<string, unknown>;

/** HTTP calls as a user's client makes them, each timed to its last byte and recorded under its route. */
export class LoadClient {
  private turn = 0;

  constructor(private readonly ctx: ClientContext) {}

  async call(
    route: string,
    user: LoadUser,
    method: string,
    path: string,
    body?: { json?: unknown; form?: FormData; accept?: string },
  ): Promise<{ status: number; json?: Json; text?: string }> {
    const api = this.ctx.apis[this.turn++ % this.ctx.apis.length];
    const headers: Record<string, string> = {
      authorization: `Bearer ${user.accessToken}`,
      'x-workspace-id': user.workspaceId,
    };
    if (body?.json !== undefined) headers['content-type'] = 'application/json';
    if (body?.accept) headers.accept = body.accept;
    const at = this.ctx.clock();
    const phase = this.ctx.phase();
    const t0 = performance.now();
    try {
      const res = await fetch(`${api}/api/v1${path}`, {
        method,
        headers,
        body: body?.form ?? (body?.json !== undefined ? JSON.stringify(body.json) : undefined),
        signal: AbortSignal.timeout(route.startsWith('POST /chat') ? this.ctx.chatTimeoutMs : this.ctx.timeoutMs),
      });
      const text = await res.text();
      this.ctx.record({ route, phase, at, ms: performance.now() - t0, status: res.status });
      let json: Json | undefined;
      if ((res.headers.get('content-type') ?? '').includes('json')) {
        try {
          json = JSON.parse(text) as Json;
        } catch {
          json = undefined;
        }
      }
      return { status: res.status, json, text };
    } catch (err) {
      const e = err as Error & { cause?: { code?: string } };
      const error = e.name === 'TimeoutError' ? 'timeout' : (e.cause?.code ?? e.message);
      this.ctx.record({ route, phase, at, ms: performance.now() - t0, status: 0, error });
      return { status: 0 };
    }
  }
}

export interface WorkloadOptions {
  /** Uploads per second over all users (a token bucket), so ingestion is loaded but not buried. */
  uploadsPerSecond: number;
  /** Share of uploads that send bytes this workspace already uploaded (they must name the first document). */
  repeatShare: number;
  /** Whether POST /api/v1/chat exists (detected from the API's OpenAPI document). */
  chat: boolean;
  thinkMs: number;
}

/** What every user's loop shares: the uploads so far (for searches and repeats) and the upload budget. */
export class Workload {
  readonly uploads: UploadAttempt[] = [];
  private readonly docsByWorkspace = new Map<string, GeneratedDocument[]>();
  private tokens = 0;
  private lastRefill = performance.now();
  private stopped = false;
  private running: Promise<void>[] = [];

  constructor(
    private readonly client: LoadClient,
    private readonly factory: DocumentFactory,
    private readonly random: () => number,
    private readonly ctx: ClientContext,
    private readonly options: WorkloadOptions,
  ) {}

  /** Uploads one new document as `user` and records the attempt. */
  async upload(user: LoadUser, doc?: GeneratedDocument): Promise<UploadAttempt> {
    const repeat = doc !== undefined;
    const d = doc ?? (await this.factory.make());
    const attempt: UploadAttempt = {
      workspaceId: user.workspaceId,
      name: d.name,
      sha256: d.sha256,
      phase: this.ctx.phase(),
      at: this.ctx.clock(),
      status: 0,
      repeat,
    };
    this.uploads.push(attempt);
    const res = await this.client.call('POST /documents', user, 'POST', '/documents', {
      form: uploadForm([{ name: d.name, bytes: d.bytes }]),
    });
    attempt.status = res.status;
    if (res.status === 202 && res.json) {
      attempt.id = res.json.id as string;
      attempt.duplicate = res.json.duplicate === true;
    }
    if (!repeat && res.status === 202) {
      const list = this.docsByWorkspace.get(user.workspaceId) ?? [];
      list.push(d);
      this.docsByWorkspace.set(user.workspaceId, list);
    }
    return attempt;
  }

  private takeUploadToken(): boolean {
    const now = performance.now();
    this.tokens = Math.min(2, this.tokens + ((now - this.lastRefill) / 1000) * this.options.uploadsPerSecond);
    this.lastRefill = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  private someDocument(workspaceId: string): GeneratedDocument | undefined {
    const list = this.docsByWorkspace.get(workspaceId);
    return list?.length ? list[Math.floor(this.random() * list.length)] : undefined;
  }

  /** One action of a user: an upload when the budget allows, else a search, a question or a read. */
  private async act(user: LoadUser): Promise<void> {
    if (this.takeUploadToken()) {
      const old = this.random() < this.options.repeatShare ? this.someDocument(user.workspaceId) : undefined;
      await this.upload(user, old);
      return;
    }
    const doc = this.someDocument(user.workspaceId);
    const u = this.random();
    if (doc && u < 0.55) {
      const mode = ['hybrid', 'hybrid', 'keyword', 'vector'][Math.floor(this.random() * 4)];
      await this.client.call('POST /search', user, 'POST', '/search', {
        json: { query: queryFrom(doc.words, this.random), topK: 10, mode },
      });
    } else if (doc && u < 0.75 && this.options.chat) {
      const question = `What does the document say about ${queryFrom(doc.words, this.random)}?`;
      const sse = this.random() < 0.3;
      await this.client.call(sse ? 'POST /chat (SSE)' : 'POST /chat', user, 'POST', '/chat', {
        json: { question },
        accept: sse ? 'text/event-stream' : undefined,
      });
    } else if (u < 0.9) {
      await this.client.call('GET /documents', user, 'GET', '/documents?limit=20');
    } else {
      const mine = this.uploads.filter((a) => a.id && a.workspaceId === user.workspaceId);
      const pick = mine[Math.floor(this.random() * mine.length)];
      if (pick) await this.client.call('GET /documents/:id', user, 'GET', `/documents/${pick.id}`);
      else await this.client.call('GET /documents', user, 'GET', '/documents?limit=20');
    }
  }

  /** Starts one loop per user, pausing up to `thinkMs` between actions (default: the options'); until `stop()`. */
  start(users: LoadUser[], thinkMs = this.options.thinkMs): void {
    this.stopped = false;
    this.running = users.map(async (user) => {
      while (!this.stopped) {
        await this.act(user);
        await new Promise((r) => setTimeout(r, this.random() * thinkMs));
      }
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.running);
  }
}
