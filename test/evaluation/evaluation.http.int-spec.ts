import { bearer, createTeam, registerAccount, type Account, OFFLINE_APP_ENV } from '../support/accounts';
import { markdownDoc } from '../support/document-fixtures';
import { readJson, startApi, type RunningApp } from '../support/http-app';
import { databaseFor, databaseModes, testConfig } from '../support/test-env';
import type { ApiJson } from '../documents/documents-client';
import { EvaluationClient, jsonl } from './evaluation-client';

const METRICS = [
  'faithfulness',
  'answerRelevancy',
  'contextPrecision',
  'contextRecall',
  'hitRate',
  'citationPrecision',
];

const ITEMS = [
  {
    question: 'How long is the warranty period of the kettle?',
    groundTruth: 'The warranty period of the kettle is two years from the date of purchase.',
    referenceContexts: ['The warranty period of the kettle is two years from the date of purchase.'],
  },
  {
    question: 'Within how many days are returns accepted?',
    groundTruth: 'Returns are accepted within 30 days of delivery.',
  },
  {
    question: 'Does the kettle come in purple?',
    groundTruth: 'The documents do not say which colours the kettle comes in.',
    referenceContexts: [],
  },
];

describe.each(databaseModes())('evaluation datasets and runs over HTTP (%s database)', (mode) => {
  let db: { env: Record<string, string>; cleanup(): Promise<void> };
  let api: RunningApp;
  let owner: Account;
  let client: EvaluationClient;
  let stranger: EvaluationClient;
  let viewer: EvaluationClient;
  let dataset: ApiJson;
  let run: ApiJson;
  let scoped: ApiJson;
  let collectionId: string;

  beforeAll(async () => {
    db = await databaseFor(mode);
    api = await startApi(
      testConfig({
        ...db.env,
        ...OFFLINE_APP_ENV,
        LLM_RATE_LIMIT_PER_MINUTE: '100000',
        METRICS_TOKEN: 'metrics-token-for-evaluation-tests',
      }),
    );
    owner = await registerAccount(api.url);
    client = new EvaluationClient(api.url, owner);
    stranger = new EvaluationClient(api.url, await registerAccount(api.url));
    const viewerAccount = await registerAccount(api.url);
    const team = await createTeam(api.url, owner, [[viewerAccount, 'viewer']]);
    viewer = new EvaluationClient(api.url, viewerAccount, team);
    const kettle = await client.ingest(
      'kettle.md',
      markdownDoc([
        ['Warranty', 'The warranty period of the kettle is two years from the date of purchase.'],
        ['Care', 'Descale the kettle every month with white vinegar.'],
      ]),
    );
    collectionId = kettle.collectionId;
    const returns = await client.send('POST', '/collections', { name: 'Returns' });
    await client.ingest(
      'returns.md',
      markdownDoc([['Returns', 'Returns are accepted within 30 days of delivery. Refunds go to the original card.']]),
      { collectionId: returns.body.id },
    );
  });

  afterAll(async () => {
    await api?.close();
    await db?.cleanup();
  });

  describe('datasets', () => {
    it('takes a JSONL file, counting its unanswerable items', async () => {
      const up = await client.uploadDataset(jsonl(ITEMS), { description: 'kettle questions' }, 'kettle-set.jsonl');
      expect(up.status).toBe(201);
      expect(up.body).toMatchObject({
        name: 'kettle-set',
        description: 'kettle questions',
        itemCount: 3,
        unanswerableCount: 1,
        createdBy: owner.userId,
      });
      dataset = up.body;
      const got = await client.get(`/evaluation/datasets/${dataset.id}`);
      expect(got.status).toBe(200);
      expect(got.body.items).toEqual([
        { position: 1, line: 1, ...ITEMS[0] },
        { position: 2, line: 2, ...ITEMS[1] },
        { position: 3, line: 3, ...ITEMS[2] },
      ]);
    });

    it('takes a JSON body with items or with JSONL text', async () => {
      const items = await client.send('POST', '/evaluation/datasets', { name: 'as items', items: ITEMS.slice(0, 2) });
      expect(items.status).toBe(201);
      expect(items.body.itemCount).toBe(2);
      const text = await client.send('POST', '/evaluation/datasets', { name: 'as text', jsonl: `\n${jsonl(ITEMS)}\n` });
      expect(text.status).toBe(201);
      expect(text.body.itemCount).toBe(3);
      const list = await client.get('/evaluation/datasets');
      expect(list.body.items.map((d: ApiJson) => d.name)).toEqual(['as text', 'as items', 'kettle-set']);
    });

    it('refuses a file with bad lines, naming each by number, and stores nothing', async () => {
      const content = [
        JSON.stringify(ITEMS[0]),
        '{"question": "no reference answer"}',
        JSON.stringify(ITEMS[1]),
        '{"question": "q", "groundTruth": "g",',
        JSON.stringify({ ...ITEMS[1], ground_truth: 'typo' }),
      ].join('\n');
      const before = (await client.get('/evaluation/datasets')).body.items.length;
      const up = await client.uploadDataset(content, { name: 'broken' });
      expect(up.status).toBe(422);
      expect(up.body.message).toContain('the dataset has 3 invalid lines');
      expect(up.body.message).toContain('line 2: "groundTruth" is missing');
      expect(up.body.message).toMatch(/line 4: not valid JSON/);
      expect(up.body.message).toContain('line 5: unknown field "ground_truth"');
      expect(up.body).toMatchObject({ statusCode: 422, error: 'Unprocessable Entity' });
      expect(typeof up.body.requestId).toBe('string');
      expect((await client.get('/evaluation/datasets')).body.items).toHaveLength(before);
    });

    it('answers bad requests with clear 4xx errors', async () => {
      expect((await client.uploadDataset('', { name: 'empty' })).status).toBe(422);
      expect((await client.uploadDataset(jsonl(ITEMS), { name: 'kettle-SET' })).status).toBe(409);
      const both = await client.send('POST', '/evaluation/datasets', { name: 'x', items: ITEMS, jsonl: jsonl(ITEMS) });
      expect(both.status).toBe(400);
      const unknown = await client.send('POST', '/evaluation/datasets', { name: 'x', items: ITEMS, extra: 1 });
      expect(unknown.status).toBe(400);
      const badItem = await client.send('POST', '/evaluation/datasets', { name: 'x', items: [{ question: 'q' }] });
      expect(badItem.status).toBe(422);
      expect(badItem.body.message).toContain('item 1: "groundTruth" is missing');
      const text = await fetch(`${api.url}/api/v1/evaluation/datasets`, {
        method: 'POST',
        headers: client.headers({ 'content-type': 'text/plain' }),
        body: jsonl(ITEMS),
      });
      expect(text.status).toBe(415);
      const invalidUtf8 = await client.uploadDataset(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { name: 'bytes' });
      expect(invalidUtf8.status).toBe(422);
      expect(invalidUtf8.body.message).toContain('not UTF-8');
    });

    it('refuses a file above 10 MiB with 413', async () => {
      const line = `${JSON.stringify({ question: 'q', groundTruth: 'g'.repeat(10_000) })}\n`;
      const up = await client.uploadDataset(line.repeat(Math.ceil((10 * 1024 * 1024) / line.length) + 1), {
        name: 'huge',
      });
      expect(up.status).toBe(413);
      expect(up.body.message).toContain('larger than 10485760 bytes');
    });

    it('hides other workspaces datasets (404) and lets viewers read but not write (403)', async () => {
      expect((await stranger.get(`/evaluation/datasets/${dataset.id}`)).status).toBe(404);
      expect((await stranger.send('DELETE', `/evaluation/datasets/${dataset.id}`)).status).toBe(404);
      expect((await stranger.send('POST', '/evaluation/runs', { datasetId: dataset.id })).status).toBe(404);
      expect((await stranger.get('/evaluation/datasets')).body.items).toEqual([]);
      expect((await viewer.get('/evaluation/datasets')).status).toBe(200);
      expect((await viewer.uploadDataset(jsonl(ITEMS), { name: 'viewer' })).status).toBe(403);
      expect((await client.get('/evaluation/datasets/not-a-uuid')).status).toBe(400);
    });
  });

  describe('runs', () => {
    it('runs the dataset as a job and scores every item with every metric, labelled offline', async () => {
      run = await client.run({ datasetId: dataset.id });
      expect(run).toMatchObject({
        status: 'completed',
        datasetId: dataset.id,
        datasetName: 'kettle-set',
        judgeMode: 'auto',
        judge: 'offline',
        progress: { done: 3, total: 3, failed: 0 },
        error: null,
      });
      for (const metric of METRICS) {
        expect(run.summary[metric]).toEqual({
          mean: expect.any(Number),
          count: expect.any(Number),
          judge: 'offline',
        });
      }
      // Two answerable items: the retrieval metrics skip the unanswerable one.
      expect(run.summary.contextRecall.count).toBe(2);
      expect(run.summary.hitRate).toMatchObject({ count: 2, mean: 1 });
      expect(run.config).toMatchObject({
        chain: { source: 'default' },
        judge: { mode: 'auto', used: 'offline' },
        scope: { collectionIds: null, documentIds: null },
        embeddings: { provider: 'offline' },
        retrieval: { rrfK: expect.any(Number), bm25: { k1: expect.any(Number), b: expect.any(Number) } },
        chunking: { childTokens: expect.any(Number) },
      });
      expect(run.config.collections).toHaveLength(2);
      expect(run.config.collections).toContainEqual(
        expect.objectContaining({ id: collectionId, embedderId: expect.stringMatching(/^offline/) }),
      );
      expect(run.config.judge.reason).toContain('no hosted LLM');
    });

    it('keeps each item: the answer, passages, citations and scores', async () => {
      const { status, body } = await client.get(`/evaluation/runs/${run.id}/items`);
      expect(status).toBe(200);
      expect(body.total).toBe(3);
      const [warranty, , purple] = body.items;
      expect(warranty).toMatchObject({ position: 1, question: ITEMS[0].question, error: null });
      expect(warranty.answer).toContain('two years');
      expect(warranty.contexts.length).toBeGreaterThan(0);
      expect(warranty.contexts[0]).toEqual({
        chunkId: expect.any(String),
        documentId: expect.any(String),
        text: expect.any(String),
      });
      for (const metric of METRICS) expect(warranty.scores[metric].judge).toBe('offline');
      expect(warranty.scores.hitRate).toMatchObject({ value: 1 });
      expect(warranty.scores.faithfulness.value).toBeGreaterThanOrEqual(0.5);
      // Unanswerable: retrieval metrics do not apply; relevancy rewards declining.
      expect(purple.scores.contextRecall.value).toBeNull();
      expect(purple.scores.hitRate.value).toBeNull();
      const paged = await client.get(`/evaluation/runs/${run.id}/items?offset=2&limit=1`);
      expect(paged.body.items.map((i: ApiJson) => i.position)).toEqual([3]);
    });

    it('compares runs: per-metric deltas, changed settings and moved items', async () => {
      scoped = await client.run({ datasetId: dataset.id, judge: 'offline', collectionIds: [collectionId] });
      expect(scoped.status).toBe('completed');
      expect(scoped.config.scope.collectionIds).toEqual([collectionId]);
      const { status, body } = await client.get(`/evaluation/runs/compare?ids=${run.id},${scoped.id}`);
      expect(status).toBe(200);
      expect(body.runs.map((r: ApiJson) => r.id)).toEqual([run.id, scoped.id]);
      expect(body.sameDataset).toBe(true);
      for (const metric of METRICS) {
        const m = body.metrics[metric];
        expect(m.values).toEqual([run.summary[metric].mean, scoped.summary[metric].mean]);
        expect(m.deltas[0]).toBe(m.values[0] === null ? null : 0);
        if (m.values[0] !== null && m.values[1] !== null) {
          expect(m.deltas[1]).toBeCloseTo(m.values[1] - m.values[0], 4);
        }
      }
      const paths = body.configChanges.map((c: ApiJson) => c.path);
      expect(paths).toContain('scope.collectionIds');
      expect(paths).toContain('judge.mode');
      expect(body.configChanges.find((c: ApiJson) => c.path === 'judge.mode').values).toEqual(['auto', 'offline']);
      // Only the returns collection left the scope: its question got worse, nothing got better.
      for (const item of body.items) {
        for (const deltas of Object.values(item.deltas) as (number | null)[][]) {
          if (deltas[1] !== null) expect(deltas[1]).toBeLessThanOrEqual(0);
        }
      }
      expect(body.items.map((i: ApiJson) => i.position)).toContain(2);
    });

    it('refuses comparisons it cannot make, and runs of other workspaces', async () => {
      expect((await client.get(`/evaluation/runs/compare?ids=${run.id}`)).status).toBe(400);
      expect((await client.get(`/evaluation/runs/compare?ids=${run.id},nope`)).status).toBe(400);
      expect((await client.get(`/evaluation/runs/compare?ids=${run.id},${run.id}`)).status).toBe(400);
      const stranger404 = await stranger.get(`/evaluation/runs/compare?ids=${run.id},${run.id.replace(/.$/, '0')}`);
      expect(stranger404.status).toBe(404);
      expect((await stranger.get(`/evaluation/runs/${run.id}`)).status).toBe(404);
      expect((await stranger.get(`/evaluation/runs/${run.id}/items`)).status).toBe(404);
      expect((await stranger.get('/evaluation/runs')).body.items).toEqual([]);
      const foreign = await stranger.send('POST', '/evaluation/runs', { datasetId: dataset.id });
      expect(foreign.status).toBe(404);
      const badScope = await client.send('POST', '/evaluation/runs', {
        datasetId: dataset.id,
        collectionIds: ['00000000-0000-4000-8000-000000000000'],
      });
      expect(badScope.status).toBe(404);
      const badChain = await client.send('POST', '/evaluation/runs', { datasetId: dataset.id, chain: ['nobody'] });
      expect(badChain.status).toBe(400);
      expect(badChain.body.message).toContain('chain entry "nobody" is not valid');
    });

    it('lists runs newest first, by dataset', async () => {
      const all = await client.get('/evaluation/runs');
      expect(all.body.items.length).toBeGreaterThanOrEqual(2);
      expect(all.body.items.at(-1).id).toBe(run.id);
      const one = await client.get(`/evaluation/runs?datasetId=${dataset.id}&limit=1`);
      expect(one.body.items).toHaveLength(1);
    });

    it('reports the last scores per dataset and the runs by outcome on /metrics', async () => {
      const res = await fetch(`${api.url}/metrics`, { headers: bearer('metrics-token-for-evaluation-tests') });
      const text = await res.text();
      // The gauge holds the dataset's last run: the scoped one, which lost the returns document.
      expect(scoped.summary.hitRate.mean).toBe(0.5);
      expect(text).toMatch(
        new RegExp(`evaluation_score\\{dataset="${dataset.id}",metric="hitRate",judge="offline"\\} 0.5\n`),
      );
      expect(text).toMatch(/evaluation_runs_total\{outcome="completed",judge="offline"\} [2-9]/);
    });

    it('keeps runs readable after their dataset is deleted, and deletes runs', async () => {
      expect((await client.send('DELETE', `/evaluation/datasets/${dataset.id}`)).status).toBe(204);
      expect((await client.get(`/evaluation/datasets/${dataset.id}`)).status).toBe(404);
      const kept = await client.get(`/evaluation/runs/${run.id}`);
      expect(kept.body).toMatchObject({ datasetId: null, datasetName: 'kettle-set', status: 'completed' });
      expect((await client.get(`/evaluation/runs/${run.id}/items`)).body.total).toBe(3);
      const res = await fetch(`${api.url}/metrics`, { headers: bearer('metrics-token-for-evaluation-tests') });
      expect(await res.text()).not.toContain(`dataset="${dataset.id}"`);
      expect((await client.send('DELETE', `/evaluation/runs/${run.id}`)).status).toBe(204);
      expect((await client.get(`/evaluation/runs/${run.id}`)).status).toBe(404);
    });
  });

  it('answers 404 for ids that do not exist', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    expect((await client.get(`/evaluation/runs/${missing}`)).status).toBe(404);
    const res = await fetch(`${api.url}/api/v1/evaluation/datasets/${missing}`, { headers: bearer(owner.accessToken) });
    expect(res.status).toBe(404);
    expect((await readJson(res)).message).toBe('evaluation dataset not found');
  });
});
