import { join } from 'node:path';
import { DataSource } from 'typeorm';
import WebSocket from 'ws';
import { FAST_AUTH_ENV, registerAccount, type Account } from '../support/accounts';
import { markdownDoc, prose } from '../support/document-fixtures';
import { startApi, type RunningApp } from '../support/http-app';
import { databaseFor, databaseModes, testConfig } from '../support/test-env';
import { writeTinyModel, type TinyModel } from '../support/tiny-model';
import { DocumentsClient, type ApiJson } from './documents-client';

describe.each(databaseModes())('collections, embedders and live events (%s)', (mode) => {
  let db: { env: Record<string, string>; cleanup(): Promise<void> };
  let api: RunningApp;
  let owner: Account;
  let client: DocumentsClient;
  let tiny: TinyModel;

  beforeAll(async () => {
    db = await databaseFor(mode);
    const modelsDir = join(db.env.DATA_DIR, 'models');
    tiny = await writeTinyModel(modelsDir, { dimension: 48 });
    api = await startApi(
      testConfig({
        ...db.env,
        ...FAST_AUTH_ENV,
        EMBEDDING_PROVIDER: 'offline',
        MODELS_DIR: modelsDir,
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

  it('lists the embedders this deployment has, the default first among them', async () => {
    const { status, body } = await client.get('/embedders');
    expect(status).toBe(200);
    expect(body.defaultId).toBe('offline:hash-384-v1');
    expect(body.available.map((e: ApiJson) => e.id)).toEqual(
      expect.arrayContaining(['offline:hash-384-v1', tiny.embedderId]),
    );
  });

  it('moves a collection to another embedder by re-indexing every chunk, then swapping all vectors at once', async () => {
    const col = (await client.send('POST', '/collections', { name: 'Manuals' })).body;
    const docs = [];
    for (const topic of ['pumps', 'valves']) {
      const up = await client.upload([{ name: `${topic}.md`, bytes: markdownDoc([[topic, prose(topic, 20)]]) }], {
        collectionId: col.id,
      });
      docs.push(await client.settled(up.body.id));
    }
    const total = docs.reduce((n, d) => n + d.chunkCount, 0);
    expect(docs.map((d) => [d.status, d.failureMessage])).toEqual([
      ['ready', null],
      ['ready', null],
    ]);
    expect(total).toBeGreaterThan(4);

    const patched = await client.send('PATCH', `/collections/${col.id}`, { embedderId: tiny.embedderId });
    expect(patched.status).toBe(200);
    expect(patched.body.reindex).toMatchObject({ status: 'running', embedderId: tiny.embedderId });
    expect(patched.body.embedderId).toBe('offline:hash-384-v1');
    // A second change while one runs is refused.
    expect((await client.send('PATCH', `/collections/${col.id}`, { embedderId: 'offline:hash-384-v1' })).status).toBe(
      409,
    );

    const deadline = Date.now() + 60_000;
    let current = patched.body;
    while (current.reindex && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      current = (await client.get(`/collections/${col.id}`)).body;
    }
    expect(current).toMatchObject({ embedderId: tiny.embedderId, embeddingDimension: tiny.dimension, reindex: null });

    const ds = api.app.get(DataSource);
    const rows = await ds.query(
      `SELECT embedder_id, embedding_dim, vector_dims(embedding) AS dims, count(*)::int AS n FROM chunks
       WHERE collection_id = $1 GROUP BY 1, 2, 3`,
      [col.id],
    );
    expect(rows).toEqual([
      { embedder_id: tiny.embedderId, embedding_dim: tiny.dimension, dims: tiny.dimension, n: total },
    ]);
    const [{ staged }] = await ds.query(`SELECT count(*)::int AS staged FROM chunk_reindex_vectors`);
    expect(staged).toBe(0);
    const indexes = await ds.query(`SELECT indexname FROM pg_indexes WHERE tablename = 'chunks'`);
    expect(indexes.map((i: ApiJson) => i.indexname)).toContain(`IDX_chunks_embedding_${tiny.dimension}_hnsw`);

    // Documents uploaded afterwards are embedded with the collection's new embedder.
    const later = await client.upload([{ name: 'seals.md', bytes: markdownDoc([['seals', prose('seals', 5)]]) }], {
      collectionId: col.id,
    });
    await client.settled(later.body.id);
    const [{ embedders }] = await ds.query(
      `SELECT array_agg(DISTINCT embedder_id) AS embedders FROM chunks WHERE collection_id = $1`,
      [col.id],
    );
    expect(embedders).toEqual([tiny.embedderId]);
  });

  it('refuses an embedder that does not exist here', async () => {
    const col = (await client.send('POST', '/collections', { name: 'Elsewhere' })).body;
    const res = await client.send('PATCH', `/collections/${col.id}`, { embedderId: 'local:nobody/no-such-model' });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('/api/v1/embedders');
    expect((await client.get(`/collections/${col.id}`)).body).toMatchObject({
      reindex: null,
      embedderId: 'offline:hash-384-v1',
    });
  });

  it('pushes every document event of the workspace over a WebSocket, and refuses one without credentials', async () => {
    const wsUrl = api.url.replace('http', 'ws') + '/api/v1/documents/ws';
    const refused = new WebSocket(wsUrl);
    const closeCode = await new Promise<number>((resolve) => refused.on('close', (code) => resolve(code)));
    expect(closeCode).toBe(4401);

    const socket = new WebSocket(`${wsUrl}?access_token=${owner.accessToken}`);
    const messages: ApiJson[] = [];
    const subscribed = new Promise<void>((resolve) =>
      socket.on('message', (raw) => {
        const m = JSON.parse(raw.toString());
        messages.push(m);
        if (m.type === 'subscribed') resolve();
      }),
    );
    await subscribed;
    const up = await client.upload([{ name: 'ws.md', bytes: markdownDoc([['Socket', prose('sockets', 10)]]) }]);
    await client.settled(up.body.id);
    const deadline = Date.now() + 5_000;
    while (!messages.some((m) => m.documentId === up.body.id && m.status === 'ready') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    socket.close();
    const statuses = messages.filter((m) => m.documentId === up.body.id).map((m) => m.status);
    expect(statuses).toContain('parsing');
    expect(statuses.at(-1)).toBe('ready');
  });
});
