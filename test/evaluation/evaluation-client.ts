import { readJson } from '../support/http-app';
import { SearchClient } from '../retrieval/search-client';
import type { ApiJson } from '../documents/documents-client';

/** The documents client plus the evaluation API, as a user's script would call it. */
export class EvaluationClient extends SearchClient {
  /** Uploads a dataset as a multipart JSONL file. */
  async uploadDataset(
    jsonl: string | Buffer,
    fields: Record<string, string> = {},
    filename = 'dataset.jsonl',
  ): Promise<{ status: number; body: ApiJson }> {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append('file', new Blob([jsonl]), filename);
    const res = await fetch(`${this.baseUrl}/api/v1/evaluation/datasets`, {
      method: 'POST',
      headers: this.headers(),
      body: form,
    });
    return { status: res.status, body: await readJson(res) };
  }

  /** Starts a run and waits until it has completed or failed. */
  async run(body: Record<string, unknown>, timeoutMs = 120_000): Promise<ApiJson> {
    const started = await this.send('POST', '/evaluation/runs', body);
    if (started.status !== 202) throw new Error(`start run: ${started.status} ${JSON.stringify(started.body)}`);
    return this.finished(started.body.id, timeoutMs);
  }

  async finished(id: string, timeoutMs = 120_000): Promise<ApiJson> {
    const deadline = Date.now() + timeoutMs;
    for (let pause = 50; ; pause = Math.min(pause * 2, 500)) {
      const { status, body } = await this.get(`/evaluation/runs/${id}`);
      if (status !== 200) throw new Error(`GET run ${id}: ${status} ${JSON.stringify(body)}`);
      if (body.status === 'completed' || body.status === 'failed') return body;
      if (Date.now() > deadline) throw new Error(`run ${id} still ${body.status} after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, pause));
    }
  }
}

export const jsonl = (items: object[]): string => items.map((i) => JSON.stringify(i)).join('\n') + '\n';
