import { SearchClient } from '../retrieval/search-client';
import type { ApiJson } from '../documents/documents-client';

export interface SseEvent {
  event: string;
  data: ApiJson;
}

/** Parses a server-sent event stream's text: its events, and how many comment lines (heartbeats) it held. */
export function parseSse(text: string): { events: SseEvent[]; comments: number } {
  const events: SseEvent[] = [];
  let comments = 0;
  for (const block of text.split('\n\n')) {
    if (!block.trim()) continue;
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) comments++;
      else if (line.startsWith('event: ')) event = line.slice(7);
      else if (line.startsWith('data: ')) data.push(line.slice(6));
    }
    if (data.length) events.push({ event, data: JSON.parse(data.join('\n')) });
  }
  return { events, comments };
}

/** The search client plus the chat and conversations API, as a user's script would call them. */
export class ChatClient extends SearchClient {
  chat(body: Record<string, unknown>): Promise<{ status: number; body: ApiJson }> {
    return this.send('POST', '/chat', body);
  }

  /** `POST /chat` as an event stream, read to its end. */
  async chatStream(
    body: Record<string, unknown>,
  ): Promise<{ status: number; events: SseEvent[]; comments: number; contentType: string | null }> {
    const res = await fetch(`${this.baseUrl}/api/v1/chat`, {
      method: 'POST',
      headers: this.headers({ 'content-type': 'application/json', accept: 'text/event-stream' }),
      body: JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.headers.get('content-type')?.startsWith('text/event-stream')) {
      return {
        status: res.status,
        events: [{ event: 'http', data: JSON.parse(text) }],
        comments: 0,
        contentType: res.headers.get('content-type'),
      };
    }
    return { status: res.status, ...parseSse(text), contentType: res.headers.get('content-type') };
  }
}
