import { DocQaClient, type DocumentDto } from '@docqa/sdk';
import { PASSWORD, uniqueEmail, OFFLINE_APP_ENV } from '../support/accounts';
import { markdownDoc, pdfWithPages } from '../support/document-fixtures';
import { startApi, type RunningApp } from '../support/http-app';
import { databaseFor, databaseModes, testConfig } from '../support/test-env';

/** Polls through the SDK until the document has finished ingesting. */
async function settled(docqa: DocQaClient, id: string, timeoutMs = 60_000): Promise<DocumentDto> {
  const deadline = Date.now() + timeoutMs;
  for (let pause = 50; ; pause = Math.min(pause * 2, 1_000)) {
    const { data } = await docqa.getDocument({ path: { id }, throwOnError: true });
    if (data.status === 'ready' || data.status === 'failed') return data;
    if (Date.now() > deadline) throw new Error(`document ${id} still ${data.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, pause));
  }
}

/** End to end through the generated SDK only: no hand-written HTTP in this file. */
describe.each(databaseModes())('the TypeScript SDK against a running API (%s)', (mode) => {
  let db: { env: Record<string, string>; cleanup(): Promise<void> };
  let api: RunningApp;
  let docqa: DocQaClient;
  let collectionId: string;
  let pdf: DocumentDto;

  beforeAll(async () => {
    db = await databaseFor(mode);
    api = await startApi(
      testConfig({
        ...db.env,
        ...OFFLINE_APP_ENV,
      }),
    );
  });
  afterAll(async () => {
    await api?.close();
    await db?.cleanup();
  });

  it('registers, logs in and reads the signed-in account', async () => {
    const anonymous = new DocQaClient({ baseUrl: api.url });
    const email = uniqueEmail('sdk');
    const registered = await anonymous.register({ body: { email, password: PASSWORD }, throwOnError: true });
    expect(registered.response.status).toBe(201);
    expect(registered.data.user.email).toBe(email);

    const wrong = await anonymous.login({ body: { email, password: `${PASSWORD}!` } });
    expect(wrong.response?.status).toBe(401);
    expect(wrong.error).toMatchObject({ statusCode: 401, requestId: expect.any(String) });

    const { data: tokens } = await anonymous.login({ body: { email, password: PASSWORD }, throwOnError: true });
    docqa = new DocQaClient({ baseUrl: api.url, accessToken: tokens.accessToken });
    const { data: me } = await docqa.getMe({ throwOnError: true });
    expect(me.user).toMatchObject({ email, id: registered.data.user.id, platformRole: 'admin' });
  });

  it('creates a collection and uploads two documents into it as multipart, which become ready', async () => {
    const created = await docqa.createCollection({ body: { name: 'Handbooks' }, throwOnError: true });
    expect(created.response.status).toBe(201);
    collectionId = created.data.id;

    const upload = await docqa.uploadDocuments({
      body: {
        file: [
          new File(
            [
              pdfWithPages([
                ['Revenue grew in the first quarter.'],
                ['The warehouse robots need new batteries every spring.'],
              ]),
            ],
            'report.pdf',
          ),
          new File([markdownDoc([['Refunds', 'Enterprise customers get refunds within thirty days.']])], 'policy.md'),
        ],
        collectionId,
        metadata: JSON.stringify({ team: 'ops' }),
      },
      throwOnError: true,
    });
    expect(upload.response.status).toBe(202);
    expect(upload.data.items.map((i) => i.filename)).toEqual(['report.pdf', 'policy.md']);

    const docs = await Promise.all(upload.data.items.map((i) => settled(docqa, i.id)));
    expect(docs.map((d) => [d.filename, d.status, d.collectionId, d.metadata])).toEqual([
      ['report.pdf', 'ready', collectionId, { team: 'ops' }],
      ['policy.md', 'ready', collectionId, { team: 'ops' }],
    ]);
    pdf = docs[0];
    expect(pdf.pageCount).toBe(2);

    const { data: listed } = await docqa.listDocuments({ query: { collectionId }, throwOnError: true });
    expect(listed.items.map((d) => d.id).sort()).toEqual(docs.map((d) => d.id).sort());
  });

  it('searches the collection and finds the PDF page that answers', async () => {
    const { data } = await docqa.search({
      body: { query: 'robots batteries', collectionIds: [collectionId], topK: 3 },
      throwOnError: true,
    });
    expect(data.results.length).toBeGreaterThan(0);
    // Chunks may run across pages: the best one covers page 2, where the answer is.
    expect(data.results[0]).toMatchObject({ documentId: pdf.id, document: { filename: 'report.pdf' } });
    expect(data.results[0].unitEnd).toBe(2);
    expect(data.results[0].text).toContain('batteries');
  });

  it('acts with an API key as X-API-Key, and reports errors with the standard body', async () => {
    const { data: key } = await docqa.createApiKey({
      body: { name: 'sdk test', scopes: ['read'] },
      throwOnError: true,
    });
    const byKey = new DocQaClient({ baseUrl: api.url, apiKey: key.key });
    const { data } = await byKey.getDocument({ path: { id: pdf.id }, throwOnError: true });
    expect(data.status).toBe('ready');

    const readOnly = await byKey.createCollection({ body: { name: 'Not allowed' } });
    expect(readOnly.response?.status).toBe(403);

    const missing = await docqa.getDocument({ path: { id: '00000000-0000-4000-8000-000000000000' } });
    expect(missing.response?.status).toBe(404);
    expect(missing.error).toMatchObject({ statusCode: 404, error: 'Not Found', requestId: expect.any(String) });
  });

  it('asks a question, answered as JSON and streamed as server-sent events, citing the PDF', async () => {
    const question = 'What do the warehouse robots need every spring?';
    const { data: answer } = await docqa.chat({
      body: { question, collectionIds: [collectionId] },
      throwOnError: true,
    });
    expect(answer.answer).toContain('batteries');
    expect(answer.sources.map((s) => s.documentId)).toContain(pdf.id);

    const events: { event: string; data: unknown }[] = [];
    for await (const e of docqa.streamChat({ question, collectionIds: [collectionId] })) events.push(e);
    const names = events.map((e) => e.event);
    expect(names).toEqual(expect.arrayContaining(['sources', 'token']));
    expect(names).not.toContain('error');
    expect(names[names.length - 1]).toBe('done');
    const sources = events.find((e) => e.event === 'sources')!.data as { sources: { documentId: string }[] };
    expect(sources.sources.map((s) => s.documentId)).toContain(pdf.id);
    const streamed = events
      .filter((e) => e.event === 'token')
      .map((e) => (e.data as { text: string }).text)
      .join('');
    expect(streamed).toContain('batteries');
  });
});
