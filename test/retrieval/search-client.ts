import { DocumentsClient, type ApiJson } from '../documents/documents-client';

/** The documents client plus `POST /search`, as a user's script would call them. */
export class SearchClient extends DocumentsClient {
  async search(body: Record<string, unknown>): Promise<{ status: number; body: ApiJson }> {
    return this.send('POST', '/search', { cache: false, ...body });
  }

  /** Uploads one file and waits until it is ready; returns the document. */
  async ingest(name: string, bytes: Buffer, fields: Record<string, string> = {}): Promise<ApiJson> {
    const up = await this.upload([{ name, bytes }], fields);
    if (up.status !== 202) throw new Error(`upload ${name}: ${up.status} ${JSON.stringify(up.body)}`);
    const doc = await this.settled(up.body.id);
    if (doc.status !== 'ready') throw new Error(`${name} is ${doc.status}: ${doc.failureMessage}`);
    return doc;
  }
}

/** The text a result's highlights cover. */
export function highlighted(result: ApiJson): string[] {
  return result.highlights.map((h: { start: number; end: number }) => result.text.slice(h.start, h.end));
}
