import { readdir, readFile } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';

/** An answer of the API that the CLI cannot go on from; `status` is the HTTP status (0: no answer). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The CLI's client of the DocQA API (the same in embedded and server mode): documents, datasets, runs.
 * A 429 is waited out (its Retry-After), as a batch client sharing the server's limits should.
 */
export class EvalClient {
  constructor(
    private readonly baseUrl: string,
    private readonly credentials: Record<string, string>,
  ) {}

  static withApiKey(baseUrl: string, apiKey: string): EvalClient {
    return new EvalClient(baseUrl, { 'x-api-key': apiKey });
  }

  /** Registers a throwaway account on a fresh embedded server and acts as it. */
  static async registered(baseUrl: string, email: string, password: string): Promise<EvalClient> {
    const anonymous = new EvalClient(baseUrl, {});
    const body = await anonymous.json('POST', '/auth/register', { email, password });
    return new EvalClient(baseUrl, { authorization: `Bearer ${body.accessToken}` });
  }

  async request(
    method: string,
    path: string,
    body?: string | FormData,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    for (;;) {
      let res: Response;
      try {
        res = await fetch(`${this.baseUrl}/api/v1${path}`, {
          method,
          headers: { ...this.credentials, ...headers },
          body,
        });
      } catch (err) {
        const cause = (err as { cause?: { code?: string; message?: string } }).cause;
        throw new ApiError(
          0,
          `${this.baseUrl} did not answer: ${cause?.code ?? cause?.message ?? (err as Error).message}`,
        );
      }
      if (res.status !== 429) return res;
      await res.body?.cancel();
      await sleep(Math.min(60, Math.max(1, Number(res.headers.get('retry-after')) || 1)) * 1000);
    }
  }

  async json(method: string, path: string, body?: unknown): Promise<Json> {
    const res = await this.request(
      method,
      path,
      body === undefined ? undefined : JSON.stringify(body),
      body === undefined ? {} : { 'content-type': 'application/json' },
    );
    return this.read(res, `${method} ${path}`);
  }

  private async read(res: Response, what: string): Promise<Json> {
    const text = await res.text();
    let body: Json;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = null;
    }
    if (!res.ok) {
      throw new ApiError(
        res.status,
        `${what}: ${res.status} ${body?.message ?? (text.slice(0, 300) || res.statusText)}`,
      );
    }
    return body;
  }

  /** Uploads every file under `dir` (one per request) and returns the documents' ids by relative path. */
  async uploadDocuments(dir: string): Promise<Map<string, string>> {
    const ids = new Map<string, string>();
    for (const path of await filesUnder(dir)) {
      const form = new FormData();
      form.append('file', new Blob([await readFile(path)]), basename(path));
      const res = await this.request('POST', '/documents', form);
      const body = await this.read(res, `upload ${relative(dir, path)}`);
      ids.set(relative(dir, path), body.id);
    }
    return ids;
  }

  /** Waits until each document is ready or failed; returns the failed ones with their reason. */
  async documentsSettled(
    ids: Iterable<[string, string]>,
    deadline: number,
  ): Promise<{ name: string; reason: string }[]> {
    const failed: { name: string; reason: string }[] = [];
    for (const [name, id] of ids) {
      for (let pause = 50; ; pause = Math.min(pause * 2, 1000)) {
        const doc = await this.json('GET', `/documents/${id}`);
        if (doc.status === 'ready') break;
        if (doc.status === 'failed') {
          failed.push({ name, reason: `${doc.failureReason}: ${doc.failureMessage}` });
          break;
        }
        if (Date.now() > deadline) throw new ApiError(0, `${name} was still ${doc.status} when the time ran out`);
        await sleep(pause);
      }
    }
    return failed;
  }

  async createDataset(file: string, name: string): Promise<Json> {
    const form = new FormData();
    form.append('name', name);
    form.append('file', new Blob([await readFile(file)]), basename(file));
    return this.read(await this.request('POST', '/evaluation/datasets', form), 'upload the dataset');
  }

  startRun(datasetId: string, judge: string): Promise<Json> {
    return this.json('POST', '/evaluation/runs', { datasetId, judge });
  }

  /** Polls the run until it has completed or failed, telling `onProgress` each change. */
  async runFinished(id: string, deadline: number, onProgress: (done: number, total: number) => void): Promise<Json> {
    let last = -1;
    for (let pause = 100; ; pause = Math.min(pause * 2, 2000)) {
      const run = await this.json('GET', `/evaluation/runs/${id}`);
      if (run.progress.done !== last) {
        last = run.progress.done;
        onProgress(run.progress.done, run.progress.total);
      }
      if (run.status === 'completed' || run.status === 'failed') return run;
      if (Date.now() > deadline) throw new ApiError(0, `the run was still ${run.status} when the time ran out`);
      await sleep(pause);
    }
  }

  async runItems(id: string): Promise<Json[]> {
    const items: Json[] = [];
    for (;;) {
      const page = await this.json('GET', `/evaluation/runs/${id}/items?offset=${items.length}&limit=500`);
      items.push(...page.items);
      if (!page.items.length || items.length >= page.total) return items;
    }
  }
}

/** Regular files under `dir`, recursively, in name order, leaving out hidden ones. */
export async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path)));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}
