import { readJson } from '../support/http-app';
import { bearer, type Account } from '../support/accounts';
import { uploadForm } from '../support/document-fixtures';

/** A JSON body as the API returned it; tests assert its shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ApiJson = any;

/** A thin client of the documents API for tests, as a user's script would call it. */
export class DocumentsClient {
  constructor(
    readonly baseUrl: string,
    readonly account: Account,
    readonly workspaceId?: string,
  ) {}

  headers(extra: Record<string, string> = {}): Record<string, string> {
    return bearer(
      this.account.accessToken,
      this.workspaceId ? { 'x-workspace-id': this.workspaceId, ...extra } : extra,
    );
  }

  async upload(
    files: Array<{ name: string; bytes: Buffer }>,
    fields: Record<string, string> = {},
  ): Promise<{ status: number; body: ApiJson }> {
    const res = await fetch(`${this.baseUrl}/api/v1/documents`, {
      method: 'POST',
      headers: this.headers(),
      body: uploadForm(files, fields),
    });
    return { status: res.status, body: await readJson(res) };
  }

  async get(path: string): Promise<{ status: number; body: ApiJson }> {
    const res = await fetch(`${this.baseUrl}/api/v1${path}`, { headers: this.headers() });
    return { status: res.status, body: await readJson(res) };
  }

  async send(method: string, path: string, body?: unknown): Promise<{ status: number; body: ApiJson }> {
    const res = await fetch(`${this.baseUrl}/api/v1${path}`, {
      method,
      headers: this.headers(body === undefined ? {} : { 'content-type': 'application/json' }),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: res.status === 204 ? null : await readJson(res) };
  }

  /**
   * Polls the document until it is ready or failed, backing off from 50 ms to 1 s between polls and waiting out
   * a 429's Retry-After, as a client that shares the rate limit with its other calls should.
   */
  async settled(id: string, timeoutMs = 60_000): Promise<ApiJson> {
    const deadline = Date.now() + timeoutMs;
    for (let pause = 50; ; pause = Math.min(pause * 2, 1_000)) {
      const res = await fetch(`${this.baseUrl}/api/v1/documents/${id}`, { headers: this.headers() });
      const body = await readJson(res);
      if (res.status === 429) pause = Number(res.headers.get('retry-after') ?? 1) * 1_000;
      else if (res.status !== 200) throw new Error(`GET document ${id}: ${res.status} ${JSON.stringify(body)}`);
      else if (body.status === 'ready' || body.status === 'failed') return body;
      if (Date.now() > deadline) throw new Error(`document ${id} still ${body.status} after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, pause));
    }
  }

  async allChunks(id: string): Promise<ApiJson[]> {
    const out: ApiJson[] = [];
    for (let offset = 0; ; offset += 500) {
      const { body } = await this.get(`/documents/${id}/chunks?limit=500&offset=${offset}`);
      out.push(...body.items);
      if (out.length >= body.total || !body.items.length) return out;
    }
  }
}
