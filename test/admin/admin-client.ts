import { bearer, type Account } from '../support/accounts';
import { readJson } from '../support/http-app';

/** A JSON body as the API returned it; tests assert its shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/** Calls /api/v1 as one account, the way an ops script would. */
export class ApiCaller {
  constructor(
    readonly baseUrl: string,
    readonly account: Account,
  ) {}

  async call(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: Json; headers: Headers; text: string }> {
    const res = await fetch(`${this.baseUrl}/api/v1${path}`, {
      method,
      headers: bearer(this.account.accessToken, {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      }),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = res.status === 204 ? '' : await res.text();
    const json = /json/.test(res.headers.get('content-type') ?? '') && text ? JSON.parse(text) : null;
    return { status: res.status, body: json, headers: res.headers, text };
  }

  get(path: string, headers?: Record<string, string>) {
    return this.call('GET', path, undefined, headers);
  }

  /** The audit events of a type, newest first. */
  async auditEvents(query: string): Promise<Json[]> {
    const res = await this.get(`/admin/audit-events?limit=200&${query}`);
    if (res.status !== 200) throw new Error(`audit-events: ${res.status} ${res.text}`);
    return res.body.items;
  }
}

export { readJson };
