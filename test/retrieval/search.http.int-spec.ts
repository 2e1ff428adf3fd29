import { FAST_AUTH_ENV, registerAccount, type Account } from '../support/accounts';
import { markdownDoc, pdfWithPages } from '../support/document-fixtures';
import { startApi, type RunningApp } from '../support/http-app';
import { databaseFor, databaseModes, testConfig } from '../support/test-env';
import type { ApiJson } from '../documents/documents-client';
import { highlighted, SearchClient } from './search-client';

const ROBOTS =
  'The quarterly pricing review for the warehouse robots compares the lease price of each robot with the ' +
  'purchase price, and the review board approves the robot price list every quarter.';

describe.each(databaseModes())('POST /search (%s)', (mode) => {
  let db: { env: Record<string, string>; cleanup(): Promise<void> };
  let api: RunningApp;
  let owner: Account;
  let client: SearchClient;
  let stranger: SearchClient;
  const docs: Record<string, ApiJson> = {};
  let archiveId: string;

  beforeAll(async () => {
    db = await databaseFor(mode);
    api = await startApi(
      testConfig({
        ...db.env,
        ...FAST_AUTH_ENV,
        EMBEDDING_PROVIDER: 'offline',
        CHUNK_CHILD_TOKENS: '40',
        CHUNK_CHILD_OVERLAP_TOKENS: '5',
        CHUNK_PARENT_TOKENS: '120',
        THROTTLE_LIMIT: '100000',
        PRINCIPAL_THROTTLE_LIMIT: '100000',
      }),
    );
    owner = await registerAccount(api.url);
    client = new SearchClient(api.url, owner);
    stranger = new SearchClient(api.url, await registerAccount(api.url));
    docs.handbook = await client.ingest(
      'handbook.md',
      markdownDoc([
        ['Installation', 'Install the server with npm. Node 22 or later is required to run the installer.'],
        ['Configuration', 'Set the port and the database address in the environment before the first start.'],
        ['Troubleshooting', 'When the server refuses connections, check the firewall and the listening port.'],
      ]),
    );
    docs.report = await client.ingest(
      'report.pdf',
      pdfWithPages([
        ['Revenue grew in the first quarter.', 'The board approved the budget.'],
        ['Hiring slowed in the second quarter.', 'Office space was reduced.'],
        ['The third quarter brought a new product line.'],
      ]),
    );
    docs.sales = await client.ingest(
      'sales-notes.md',
      markdownDoc([['Customers', 'Enterprise customers asked about volume discounts for annual contracts.']]),
      { metadata: JSON.stringify({ team: 'sales', year: 2024, tags: ['enterprise', 'pricing'] }) },
    );
    docs.support = await client.ingest(
      'support-notes.md',
      markdownDoc([['Customers', 'Customers reported login failures after the password reset email expired.']]),
      { metadata: JSON.stringify({ team: 'support', year: 2023 }) },
    );
    docs.pricingA = await client.ingest('pricing-a.md', markdownDoc([['Robots', ROBOTS]]));
    docs.pricingB = await client.ingest(
      'pricing-b.md',
      markdownDoc([['Robot pricing', `${ROBOTS} Copied for the archive.`]]),
    );
    docs.maintenance = await client.ingest(
      'maintenance.md',
      markdownDoc([['Maintenance', 'Warehouse robots need new batteries and wheel bearings every spring.']]),
    );
    const archive = await client.send('POST', '/collections', { name: 'Archive' });
    archiveId = archive.body.id;
    docs.archived = await client.ingest(
      'old-report.md',
      markdownDoc([['Archive', 'Hiring slowed in the second quarter of an older year, the archive says.']]),
      { collectionId: archiveId },
    );
    await stranger.ingest(
      'stranger.md',
      markdownDoc([['Secret', 'Hiring slowed in the second quarter at the stranger company.']]),
    );
  });
  afterAll(async () => {
    await api?.close();
    await db?.cleanup();
  });

  it('keyword search finds the PDF page with BM25 scores, positions and highlights', async () => {
    const res = await client.search({ query: 'hiring slowed, office', mode: 'keyword', topK: 5 });
    expect(res.status).toBe(200);
    const [top] = res.body.results;
    expect(top).toMatchObject({
      rank: 1,
      documentId: docs.report.id,
      document: { id: docs.report.id, type: 'pdf', filename: 'report.pdf' },
      keyword: { rank: 1 },
    });
    // The chunk may start on page 1 (chunks run across pages); it covers page 2.
    expect(top.page).toBeLessThanOrEqual(2);
    expect(top.unitEnd).toBeGreaterThanOrEqual(2);
    expect(top.keyword.score).toBeGreaterThan(0);
    expect(top.vector).toBeUndefined();
    expect(top.text.slice(top.highlights[0].start, top.highlights[0].end)).toBe('Hiring');
    expect(highlighted(top)).toEqual(['Hiring', 'slowed', 'Office']);
    expect(top.charEnd - top.charStart).toBe(top.text.length);
    expect(res.body.plan.keyword).toMatchObject({ exact: true });
    expect(res.body.results.map((r: ApiJson) => r.keyword.rank)).toEqual(
      res.body.results.map((_: ApiJson, i: number) => i + 1),
    );
  });

  it('vector and hybrid search report each leg, and hybrid fuses them', async () => {
    const vector = await client.search({ query: 'hiring slowed in the second quarter', mode: 'vector' });
    expect(vector.status).toBe(200);
    expect(vector.body.results[0].vector.score).toBeGreaterThan(0);
    expect(vector.body.results[0].keyword).toBeUndefined();
    expect(vector.body.plan.vector.path).toMatch(/hnsw|exact/);

    // The offline embedder hashes words: hybrid search fuses its leg only when the request weighs it.
    const hybrid = await client.search({
      query: 'hiring slowed in the second quarter',
      topK: 3,
      weights: { vector: 1, keyword: 1 },
    });
    expect(hybrid.status).toBe(200);
    expect(hybrid.body.mode).toBe('hybrid');
    const [top] = hybrid.body.results;
    expect(top.vector).toBeDefined();
    expect(top.keyword).toBeDefined();
    // RRF with k = 60: each leg adds 1 / (60 + rank).
    expect(top.score).toBeCloseTo(1 / (60 + top.vector.rank) + 1 / (60 + top.keyword.rank), 10);
    expect(hybrid.body.results).toHaveLength(3);
    const scores = hybrid.body.results.map((r: ApiJson) => r.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(hybrid.body.timings.totalMs).toBeGreaterThan(0);

    const lexical = await client.search({ query: 'hiring slowed in the second quarter', topK: 3 });
    expect(lexical.body.plan.vector).toEqual({ path: 'skipped', iterativeScan: false });
    const keywordTop3 = await client.search({ query: 'hiring slowed in the second quarter', topK: 3, mode: 'keyword' });
    expect(lexical.body.results.map((r: ApiJson) => r.chunkId)).toEqual(
      keywordTop3.body.results.map((r: ApiJson) => r.chunkId),
    );

    const weighted = await client.search({
      query: 'hiring slowed in the second quarter',
      fusion: 'weighted',
      weights: { vector: 0, keyword: 1 },
    });
    const keywordOnly = await client.search({ query: 'hiring slowed in the second quarter', mode: 'keyword' });
    expect(weighted.body.results[0].chunkId).toBe(keywordOnly.body.results[0].chunkId);
  });

  it('reads quoted phrases as phrases and drops excluded words', async () => {
    const phrase = await client.search({ query: '"second quarter"', mode: 'keyword' });
    expect(phrase.body.results.length).toBeGreaterThan(0);
    for (const r of phrase.body.results) expect(r.text.toLowerCase()).toContain('second quarter');

    const excluded = await client.search({ query: 'quarter -hiring', mode: 'keyword' });
    expect(excluded.body.results.length).toBeGreaterThan(0);
    for (const r of excluded.body.results) expect(r.text.toLowerCase()).not.toContain('hiring');
  });

  it('filters by metadata, documents and collections', async () => {
    const sales = await client.search({
      query: 'customers',
      filters: { team: 'sales' },
      weights: { vector: 1, keyword: 1 },
    });
    expect(sales.body.plan.vector.path).toMatch(/hnsw|exact/);
    expect(sales.body.results.length).toBeGreaterThan(0);
    expect(new Set(sales.body.results.map((r: ApiJson) => r.documentId))).toEqual(new Set([docs.sales.id]));

    const tagged = await client.search({ query: 'customers', filters: { tags: 'pricing', year: [2023, 2024] } });
    expect(new Set(tagged.body.results.map((r: ApiJson) => r.documentId))).toEqual(new Set([docs.sales.id]));

    const none = await client.search({ query: 'customers', filters: { team: 'legal' } });
    expect(none.body.results).toEqual([]);

    const onlyReport = await client.search({ query: 'quarter', documentIds: [docs.report.id] });
    expect(onlyReport.body.results.length).toBeGreaterThan(0);
    expect(onlyReport.body.results.every((r: ApiJson) => r.documentId === docs.report.id)).toBe(true);

    const archive = await client.search({ query: 'hiring slowed', collectionIds: [archiveId] });
    expect(archive.body.results.map((r: ApiJson) => r.documentId)).toEqual([docs.archived.id]);
    expect(archive.body.results[0].collectionId).toBe(archiveId);
  });

  it("never returns another workspace's chunks, and answers 404 for its ids", async () => {
    for (const mode of ['keyword', 'vector']) {
      const res = await client.search({ query: 'hiring slowed second quarter stranger company', topK: 50, mode });
      expect(res.body.results.length).toBeGreaterThan(0);
      expect(res.body.results.some((r: ApiJson) => r.text.includes('stranger'))).toBe(false);
    }

    const strangers = await stranger.get('/documents');
    const foreignDoc = strangers.body.items[0];
    const byCollection = await client.search({ query: 'hiring', collectionIds: [foreignDoc.collectionId] });
    expect(byCollection.status).toBe(404);
    expect(byCollection.body).toMatchObject({ statusCode: 404, message: 'collection not found' });
    const byDocument = await client.search({ query: 'hiring', documentIds: [foreignDoc.id] });
    expect(byDocument.status).toBe(404);
    expect(byDocument.body.message).toBe('document not found');
    const unknown = await client.search({ query: 'hiring', documentIds: ['00000000-0000-4000-8000-000000000000'] });
    expect(unknown.status).toBe(404);
  });

  it('expands parents once each, with the matched children inside', async () => {
    const res = await client.search({ query: 'quarter', topK: 6, expandParents: true, mode: 'keyword' });
    expect(res.status).toBe(200);
    const parents: ApiJson[] = res.body.parents;
    expect(parents.length).toBeGreaterThan(0);
    expect(new Set(parents.map((p) => p.id)).size).toBe(parents.length);
    for (const r of res.body.results) {
      const parent = parents.find((p) => p.id === r.parentId);
      expect(parent).toBeDefined();
      expect(parent.chunkIds).toContain(r.chunkId);
      expect(parent.text).toContain(r.text.trim().slice(0, 20));
      expect(parent.charStart).toBeLessThanOrEqual(r.charStart);
    }
    expect(parents.map((p) => p.rank)).toEqual([...parents.map((p) => p.rank)].sort((a, b) => a - b));
  });

  it('MMR lets a different document in place of a near duplicate', async () => {
    const query = { query: 'quarterly pricing review of the warehouse robots', topK: 2, mode: 'keyword' };
    const plain = await client.search(query);
    expect(new Set(plain.body.results.map((r: ApiJson) => r.documentId))).toEqual(
      new Set([docs.pricingA.id, docs.pricingB.id]),
    );
    const diverse = await client.search({ ...query, mmr: true, mmrLambda: 0.3 });
    expect(diverse.body.results).toHaveLength(2);
    expect(diverse.body.results[0].chunkId).toBe(plain.body.results[0].chunkId);
    expect([docs.pricingA.id, docs.pricingB.id]).not.toContain(diverse.body.results[1].documentId);
  });

  it('serves repeated searches from the cache until a document changes', async () => {
    const body = { query: 'volume discounts for enterprise customers', cache: true };
    const first = await client.search(body);
    expect(first.body.cached).toBe(false);
    expect(first.body.results.some((r: ApiJson) => r.documentId === docs.sales.id)).toBe(true);
    const second = await client.search(body);
    expect(second.body.cached).toBe(true);
    expect(second.body.results).toEqual(first.body.results);

    expect((await client.send('DELETE', `/documents/${docs.sales.id}`)).status).toBe(204);
    const after = await client.search(body);
    expect(after.body.cached).toBe(false);
    expect(after.body.results.some((r: ApiJson) => r.documentId === docs.sales.id)).toBe(false);
    expect((await client.search(body)).body.cached).toBe(true);
  });

  it('answers a query of stop words with no results, and rejects invalid requests', async () => {
    const stop = await client.search({ query: 'the of and', mode: 'keyword' });
    expect(stop.status).toBe(200);
    expect(stop.body.results).toEqual([]);
    for (const bad of [
      { query: '' },
      { query: 'x', topK: 0 },
      { query: 'x', mode: 'fuzzy' },
      { query: 'x', filters: { nested: { a: 1 } } },
      { query: 'x', collectionIds: ['not-a-uuid'] },
      { query: 'x', weights: { vector: -1 } },
    ]) {
      const res = await client.search(bad);
      expect(res.status).toBe(400);
    }
  });
});
