import { DocQaApiError, DocQaClient } from './docqa-client';

/** A fetch that records each request and answers with what `respond` returns. */
function fakeFetch(respond: (request: Request) => Response | Promise<Response>): {
  fetch: typeof fetch;
  requests: Request[];
} {
  const requests: Request[] = [];
  const fn = async (input: Request | string | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    requests.push(request);
    return respond(request);
  };
  return { fetch: fn as typeof fetch, requests };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** A streamed body that hands out `pieces` one read at a time, as a slow server would. */
function sse(pieces: string[]): Response {
  let i = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (i < pieces.length) controller.enqueue(new TextEncoder().encode(pieces[i++]));
      else controller.close();
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
}

describe('DocQaClient', () => {
  it('sends the access token as a bearer token, the workspace header, and nothing for API keys', async () => {
    const { fetch, requests } = fakeFetch(() => json({ id: 'u1' }));
    const docqa = new DocQaClient({ baseUrl: 'http://api.test/', accessToken: 'tok-1', workspaceId: 'ws-9', fetch });
    const { data } = await docqa.getMe();
    expect(data).toEqual({ id: 'u1' });
    expect(requests[0].url).toBe('http://api.test/api/v1/auth/me');
    expect(requests[0].headers.get('authorization')).toBe('Bearer tok-1');
    expect(requests[0].headers.get('x-workspace-id')).toBe('ws-9');
    expect(requests[0].headers.get('x-api-key')).toBeNull();
  });

  it('sends an API key as X-API-Key, and reads a credential function on every request', async () => {
    const { fetch, requests } = fakeFetch(() => json({}));
    let n = 0;
    const docqa = new DocQaClient({ baseUrl: 'http://api.test', apiKey: () => `key-${++n}`, fetch });
    await docqa.getMe();
    await docqa.getMe();
    expect(requests.map((r) => r.headers.get('x-api-key'))).toEqual(['key-1', 'key-2']);
    expect(requests[0].headers.get('authorization')).toBeNull();
  });

  it('uploads files as multipart, one `file` part per file with its name, plus the metadata field', async () => {
    const { fetch, requests } = fakeFetch(() =>
      json({ id: 'd1', status: 'uploaded', duplicate: false, items: [] }, 202),
    );
    const docqa = new DocQaClient({ baseUrl: 'http://api.test', accessToken: 't', fetch });
    await docqa.uploadDocuments({
      body: {
        file: [new File(['# One'], 'one.md'), new File(['two'], 'two.txt')],
        metadata: JSON.stringify({ team: 'sales' }),
      },
    });
    const request = requests[0];
    expect(request.method).toBe('POST');
    expect(request.headers.get('content-type')).toMatch(/^multipart\/form-data; boundary=/);
    const form = await request.formData();
    const files = form.getAll('file') as File[];
    expect(files.map((f) => f.name)).toEqual(['one.md', 'two.txt']);
    expect(await files[0].text()).toBe('# One');
    expect(form.get('metadata')).toBe('{"team":"sales"}');
  });

  it('streams chat events with their names and parsed data, across reads that split them', async () => {
    const { fetch, requests } = fakeFetch(() =>
      sse([
        ': connected\n\n',
        'event: token\ndata: {"text":"Hel',
        'lo"}\n\nevent: token\ndata: {"text":" world"}\n\n',
        'event: done\nid: 7\ndata: {"outcome":"answered"}\n\n',
      ]),
    );
    const docqa = new DocQaClient({ baseUrl: 'http://api.test', accessToken: 't', fetch });
    const events = [];
    for await (const e of docqa.streamChat({ question: 'Hi?' })) events.push(e);
    expect(events).toEqual([
      { event: 'token', data: { text: 'Hello' } },
      { event: 'token', data: { text: ' world' } },
      { event: 'done', data: { outcome: 'answered' }, id: '7' },
    ]);
    const request = requests[0];
    expect(request.url).toBe('http://api.test/api/v1/chat');
    expect(request.method).toBe('POST');
    expect(request.headers.get('accept')).toBe('text/event-stream');
    expect(request.headers.get('authorization')).toBe('Bearer t');
    expect(await request.json()).toEqual({ question: 'Hi?' });
  });

  it('throws the error body of a refused stream, and never sends the question twice', async () => {
    const body = { statusCode: 422, error: 'Unprocessable Entity', message: 'question is empty', requestId: 'r1' };
    const { fetch, requests } = fakeFetch(() => json(body, 422));
    const docqa = new DocQaClient({ baseUrl: 'http://api.test', accessToken: 't', fetch });
    const seen: unknown[] = [];
    const run = async () => {
      for await (const e of docqa.streamChat({ question: '' })) seen.push(e);
    };
    const error = await run().catch((err: unknown) => err);
    expect(error).toBeInstanceOf(DocQaApiError);
    expect(error).toMatchObject({ status: 422, body });
    expect(seen).toEqual([]);
    expect(requests).toHaveLength(1);
  });

  it('closes the connection when the caller stops reading early', async () => {
    const { fetch, requests } = fakeFetch(() =>
      sse(['event: token\ndata: {"text":"a"}\n\n', 'event: token\ndata: {"text":"b"}\n\n']),
    );
    const docqa = new DocQaClient({ baseUrl: 'http://api.test', accessToken: 't', fetch });
    for await (const e of docqa.streamChat({ question: 'Hi?' })) {
      expect(e.data).toEqual({ text: 'a' });
      break;
    }
    expect(requests[0].signal.aborted).toBe(true);
  });
});
