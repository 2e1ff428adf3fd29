import { JobQueue } from '@docqa/core';
import { FAST_AUTH_ENV, registerAccount, createTeam, uniqueEmail, type Account } from '../support/accounts';
import { docxWith, markdownDoc, pdfWithPages, prose, uploadForm } from '../support/document-fixtures';
import { readJson, startApi, type RunningApp } from '../support/http-app';
import { databaseFor, databaseModes, testConfig } from '../support/test-env';
import { DocumentsClient, type ApiJson } from './documents-client';

const UPLOAD_LIMIT = 256 * 1024;

describe.each(databaseModes())('documents API (%s)', (mode) => {
  let db: { env: Record<string, string>; cleanup(): Promise<void> };
  let api: RunningApp;
  let owner: Account;
  let client: DocumentsClient;

  beforeAll(async () => {
    db = await databaseFor(mode);
    api = await startApi(
      testConfig({
        ...db.env,
        ...FAST_AUTH_ENV,
        EMBEDDING_PROVIDER: 'offline',
        UPLOAD_MAX_BYTES: String(UPLOAD_LIMIT),
        UPLOAD_MAX_FILES: '3',
        CHUNK_CHILD_TOKENS: '60',
        CHUNK_CHILD_OVERLAP_TOKENS: '10',
        CHUNK_PARENT_TOKENS: '200',
      }),
    );
    owner = await registerAccount(api.url);
    client = new DocumentsClient(api.url, owner);
  });
  afterAll(async () => {
    await api?.close();
    await db?.cleanup();
  });

  it('ingests a Markdown upload to ready, with chunks that keep their headings and exact offsets', async () => {
    const bytes = markdownDoc([
      ['Installation', prose('installation', 30)],
      ['Configuration', prose('configuration', 30)],
    ]);
    const up = await client.upload([{ name: 'guide.md', bytes }], { metadata: '{"team":"docs"}' });
    expect(up.status).toBe(202);
    expect(up.body).toMatchObject({ status: 'uploaded', duplicate: false });
    expect(up.body.items).toHaveLength(1);

    const doc = await client.settled(up.body.id);
    expect(doc).toMatchObject({
      status: 'ready',
      type: 'markdown',
      filename: 'guide.md',
      metadata: { team: 'docs' },
      failureReason: null,
      title: 'guide',
    });
    expect(doc.chunkCount).toBeGreaterThan(4);
    expect(doc.progress).toMatchObject({ stage: 'ready', percent: 100 });

    const chunks = await client.allChunks(doc.id);
    expect(chunks).toHaveLength(doc.chunkCount);
    expect(chunks.map((c) => c.index)).toEqual(chunks.map((_, i) => i));
    const install = chunks.filter((c) => c.text.includes('about installation'));
    const config = chunks.filter((c) => c.text.includes('about configuration'));
    expect(install.length).toBeGreaterThan(0);
    expect(config.length).toBeGreaterThan(0);
    expect(install.every((c) => c.headingPath.includes('Installation'))).toBe(true);
    expect(config.every((c) => c.headingPath.includes('Configuration'))).toBe(true);
    for (const c of chunks) {
      expect(c.charEnd - c.charStart).toBe(c.text.length);
      expect(c.tokenCount).toBeGreaterThan(0);
    }

    const download = await fetch(`${api.url}/api/v1/documents/${doc.id}/download`, { headers: client.headers() });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toContain('guide.md');
    expect(Buffer.from(await download.arrayBuffer())).toEqual(bytes);
  });

  it('cites PDF chunks by page', async () => {
    const pdf = pdfWithPages([
      ['Revenue grew in the first quarter.', 'The board approved the budget.'],
      ['Hiring slowed in the second quarter.', 'Office space was reduced.'],
      ['The third quarter brought a new product line.'],
    ]);
    const up = await client.upload([{ name: 'report.pdf', bytes: pdf }]);
    expect(up.status).toBe(202);
    const doc = await client.settled(up.body.id);
    expect(doc).toMatchObject({ status: 'ready', type: 'pdf', unitKind: 'page', pageCount: 3 });
    const chunks = await client.allChunks(doc.id);
    const hiring = chunks.find((c) => c.text.includes('Hiring slowed'));
    expect(hiring).toBeDefined();
    expect(hiring.page).toBeLessThanOrEqual(2);
    expect(hiring.unitEnd).toBeGreaterThanOrEqual(2);
    expect(chunks[0].page).toBe(1);
  });

  it('ingests a DOCX with its headings', async () => {
    const bytes = await docxWith([
      ['h1', 'Security policy'],
      prose('passwords', 8),
      ['h2', 'Rotation'],
      prose('rotation', 8),
    ]);
    const up = await client.upload([{ name: 'policy.docx', bytes }]);
    const doc = await client.settled(up.body.id);
    expect(doc).toMatchObject({ status: 'ready', type: 'docx' });
    const chunks = await client.allChunks(doc.id);
    const rotation = chunks.find((c) => c.text.includes('about rotation'));
    expect(rotation.headingPath).toEqual(['Security policy', 'Rotation']);
  });

  it('returns the existing document for the same bytes, in any collection', async () => {
    const bytes = Buffer.from(`plain notes ${Date.now()}\n${prose('notes', 5)}`);
    const first = await client.upload([{ name: 'a.txt', bytes }]);
    const again = await client.upload([{ name: 'b.txt', bytes }]);
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ id: first.body.id, duplicate: true });
    const list = await client.get(`/documents?type=text&limit=200`);
    expect(
      list.body.items.filter(
        (d: ApiJson) => d.sha256 === list.body.items.find((x: ApiJson) => x.id === first.body.id).sha256,
      ),
    ).toHaveLength(1);
  });

  it('takes several files in one request', async () => {
    const up = await client.upload([
      { name: 'one.md', bytes: Buffer.from(`# One\n\n${prose('first', 3)}`) },
      { name: 'two.csv', bytes: Buffer.from('city,population\nOslo,709000\nBergen,291000\nTrondheim,212000\n') },
    ]);
    expect(up.status).toBe(202);
    expect(up.body.items.map((i: ApiJson) => i.type)).toEqual(['markdown', 'csv']);
    const csv = await client.settled(up.body.items[1].id);
    expect(csv).toMatchObject({ status: 'ready', unitKind: 'row', pageCount: 3 });
    const chunks = await client.allChunks(csv.id);
    expect(chunks.map((c) => c.text).join('\n')).toMatch(/city: Bergen|Bergen/);
    expect(chunks[0].row).toBe(1);
  });

  it('fails a corrupt PDF with a reason, and the API keeps serving', async () => {
    const broken = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from('garbage '.repeat(200))]);
    const up = await client.upload([{ name: 'broken.pdf', bytes: broken }]);
    expect(up.status).toBe(202);
    const doc = await client.settled(up.body.id);
    expect(doc.status).toBe('failed');
    expect(doc.failureReason).toBe('corrupt');
    expect(doc.failureMessage).toEqual(expect.any(String));
    expect((await client.get('/documents?status=failed')).body.items.map((d: ApiJson) => d.id)).toContain(doc.id);
  });

  it('refuses what it cannot take: unsupported types (415, naming them), oversized files (413), bad fields (400)', async () => {
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
      'base64',
    );
    const unsupported = await client.upload([{ name: 'looks-like.pdf', bytes: png }]);
    expect(unsupported.status).toBe(415);
    expect(unsupported.body.message).toContain('image/png');

    const big = await client.upload([{ name: 'big.txt', bytes: Buffer.alloc(UPLOAD_LIMIT + 10, 0x61) }]);
    expect(big.status).toBe(413);

    const tooMany = await client.upload(
      [1, 2, 3, 4].map((n) => ({ name: `${n}.txt`, bytes: Buffer.from(`file ${n} ${Date.now()}`) })),
    );
    expect(tooMany.status).toBe(413);

    const badMeta = await client.upload([{ name: 'm.txt', bytes: Buffer.from('meta') }], { metadata: '{nope' });
    expect(badMeta.status).toBe(400);
    expect(badMeta.body.message).toContain('metadata');

    const json = await client.send('POST', '/documents', { file: 'not multipart' });
    expect(json.status).toBe(415);

    const foreign = await client.upload([{ name: 'f.txt', bytes: Buffer.from('x') }], {
      collectionId: '00000000-0000-4000-8000-000000000000',
    });
    expect(foreign.status).toBe(404);

    // Nothing of the refused uploads was kept.
    const names = (await client.get('/documents?limit=200')).body.items.map((d: ApiJson) => d.filename);
    expect(names).not.toEqual(expect.arrayContaining(['looks-like.pdf', 'big.txt', 'm.txt', 'f.txt', '1.txt']));
  });

  it('keeps workspaces apart: another workspace gets 404 for every document route, viewers cannot upload', async () => {
    const up = await client.upload([{ name: 'private.md', bytes: Buffer.from(`# Private\n\n${prose('secret', 4)}`) }]);
    const stranger = new DocumentsClient(api.url, await registerAccount(api.url, uniqueEmail('stranger')));
    for (const path of [
      `/documents/${up.body.id}`,
      `/documents/${up.body.id}/chunks`,
      `/documents/${up.body.id}/download`,
    ]) {
      expect((await stranger.get(path)).status).toBe(404);
    }
    expect((await stranger.send('DELETE', `/documents/${up.body.id}`)).status).toBe(404);
    expect((await stranger.send('POST', `/documents/${up.body.id}/reprocess`)).status).toBe(404);
    expect((await stranger.get('/documents')).body.items).toEqual([]);

    const viewer = await registerAccount(api.url, uniqueEmail('viewer'));
    const team = await createTeam(api.url, owner, [[viewer, 'viewer']]);
    const asViewer = new DocumentsClient(api.url, viewer, team);
    expect((await asViewer.upload([{ name: 'v.txt', bytes: Buffer.from('viewer') }])).status).toBe(403);
    expect((await asViewer.get('/documents')).status).toBe(200);
  });

  it('reprocesses a document into exactly one copy of its chunks, and deletes it with its chunks and file', async () => {
    const up = await client.upload([{ name: 'again.md', bytes: markdownDoc([['Again', prose('repetition', 20)]]) }]);
    const first = await client.settled(up.body.id);
    const before = await client.allChunks(first.id);
    const re = await client.send('POST', `/documents/${first.id}/reprocess`);
    expect(re.status).toBe(202);
    const second = await client.settled(first.id);
    expect(second.status).toBe('ready');
    const after = await client.allChunks(first.id);
    expect(after.map((c) => c.text)).toEqual(before.map((c) => c.text));
    expect(new Set(after.map((c) => c.id)).size).toBe(after.length);

    expect((await client.send('DELETE', `/documents/${first.id}`)).status).toBe(204);
    expect((await client.get(`/documents/${first.id}`)).status).toBe(404);
    expect((await client.get(`/documents/${first.id}/chunks`)).status).toBe(404);
  });

  it('streams progress over SSE until the document is ready', async () => {
    const up = await client.upload([{ name: 'live.md', bytes: markdownDoc([['Live', prose('streaming', 40)]]) }]);
    const res = await fetch(`${api.url}/api/v1/documents/${up.body.id}/events`, {
      headers: client.headers({ accept: 'text/event-stream' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const text = await res.text(); // the stream ends after the final event
    const events = text
      .split('\n')
      .filter((l) => l.startsWith('data: '))
      .map((l) => JSON.parse(l.slice(6)));
    expect(events.length).toBeGreaterThan(0);
    expect(events.at(-1)).toMatchObject({ documentId: up.body.id, status: 'ready' });
    const percents = events.map((e) => e.progress?.percent ?? 0);
    expect(percents.at(-1)).toBe(100);
    expect(
      (
        await fetch(`${api.url}/api/v1/documents/00000000-0000-4000-8000-000000000000/events`, {
          headers: client.headers(),
        })
      ).status,
    ).toBe(404);
  });

  it('manages collections: create, rename, list with counts, refuse duplicates, delete with documents', async () => {
    const created = await client.send('POST', '/collections', { name: 'Contracts' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Contracts',
      documentCount: 0,
      embedderId: 'offline:hash-384-v1',
      embeddingDimension: 384,
    });
    expect((await client.send('POST', '/collections', { name: 'contracts' })).status).toBe(409);

    const up = await client.upload([{ name: 'c.md', bytes: Buffer.from(`# Contract\n\n${prose('contract', 5)}`) }], {
      collectionId: created.body.id,
    });
    await client.settled(up.body.id);
    const renamed = await client.send('PATCH', `/collections/${created.body.id}`, { name: 'Agreements' });
    expect(renamed.body).toMatchObject({ name: 'Agreements', documentCount: 1 });
    const list = await client.get('/collections');
    expect(list.body.items.map((c: ApiJson) => c.name)).toEqual(expect.arrayContaining(['Default', 'Agreements']));
    expect((await client.get(`/documents?collectionId=${created.body.id}`)).body.items).toHaveLength(1);

    expect((await client.send('DELETE', `/collections/${created.body.id}`)).status).toBe(204);
    expect((await client.get(`/documents/${up.body.id}`)).status).toBe(404);
    expect((await client.get(`/collections/${created.body.id}`)).status).toBe(404);
  });

  it('pages through documents with an opaque cursor', async () => {
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: ApiJson } = await client.get(`/documents?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      all.push(...page.body.items.map((d: ApiJson) => d.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBe((await client.get('/documents?limit=200')).body.items.length);
    expect((await client.get('/documents?cursor=forged')).status).toBe(400);
  });

  it('answers an upload the queue cannot take (Redis out of reach) with 503 and Retry-After, keeping nothing', async () => {
    const queue = api.app.get(JobQueue, { strict: false });
    const spy = jest
      .spyOn(queue, 'enqueue')
      .mockRejectedValue(new Error("Stream isn't writeable and enableOfflineQueue options is false"));
    const bytes = Buffer.from(`queued later ${Date.now()}\n${prose('outage', 5)}`);
    try {
      const res = await fetch(`${api.url}/api/v1/documents`, {
        method: 'POST',
        headers: client.headers(),
        body: uploadForm([{ name: 'outage.txt', bytes }]),
      });
      expect(res.status).toBe(503);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await readJson(res)).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
    } finally {
      spy.mockRestore();
    }
    // Nothing was kept: the same bytes, once the queue is back, are a new document.
    const again = await client.upload([{ name: 'outage.txt', bytes }]);
    expect(again.status).toBe(202);
    expect(again.body.duplicate).toBe(false);
  });

  it('answers JSON errors with the standard body', async () => {
    const res = await fetch(`${api.url}/api/v1/documents/not-a-uuid`, { headers: client.headers() });
    expect(res.status).toBe(400);
    expect(await readJson(res)).toMatchObject({ statusCode: 400, requestId: expect.any(String) });
  });
});
