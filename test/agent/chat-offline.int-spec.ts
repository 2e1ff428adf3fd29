import { bearer, createTeam, registerAccount, type Account, OFFLINE_APP_ENV } from '../support/accounts';
import { markdownDoc } from '../support/document-fixtures';
import { startApi, type RunningApp } from '../support/http-app';
import { databaseFor, databaseModes, testConfig } from '../support/test-env';
import { SearchService } from '@docqa/retrieval';
import type { ApiJson } from '../documents/documents-client';
import { ChatClient } from './chat-client';

const ROBOT_DOC = markdownDoc([
  [
    'Warranty',
    'The X200 warehouse robot comes with a warranty of three years. The warranty covers the motors and the battery pack.',
  ],
  ['Pricing', 'The X200 robot costs 42000 euros. Leasing the X200 costs 900 euros a month.'],
  ['Maintenance', 'The wheel bearings of the X200 are replaced every spring by the service team.'],
]);

describe.each(databaseModes())('POST /chat offline (%s)', (mode) => {
  let db: { env: Record<string, string>; cleanup(): Promise<void> };
  let api: RunningApp;
  let owner: Account;
  let client: ChatClient;
  let doc: ApiJson;

  beforeAll(async () => {
    db = await databaseFor(mode);
    api = await startApi(
      testConfig({
        ...db.env,
        ...OFFLINE_APP_ENV,
        AGENT_MEMORY_TURNS: '2',
      }),
    );
    owner = await registerAccount(api.url);
    client = new ChatClient(api.url, owner);
    doc = await client.ingest('robots.md', ROBOT_DOC);
  });
  afterAll(async () => {
    await api?.close();
    await db?.cleanup();
  });

  it('answers a question about an uploaded document with citations bound to its chunks', async () => {
    const res = await client.chat({ question: 'How long is the warranty of the X200 robot?' });
    expect(res.status).toBe(200);
    const body = res.body;
    expect(body.outcome).toBe('answered');
    expect(body.answer).toContain('three years');
    expect(body.citations.length).toBeGreaterThan(0);
    for (const c of body.citations) {
      const source = body.sources.find((s: ApiJson) => s.n === c.n);
      expect(source).toBeDefined();
      expect(c.chunkId).toBe(source.chunkId);
      expect(c.documentId).toBe(doc.id);
      expect(body.answer.slice(c.start, c.end)).toContain(`[${c.n}]`);
    }
    expect(body.sources[0]).toMatchObject({ documentId: doc.id, filename: 'robots.md', kind: 'document' });
    expect(body.conversationId).toEqual(expect.any(String));
    expect(body.usage.models).toEqual(['offline:extractive']);
    expect(body.verification).toMatchObject({ removed: 0, invalidCitations: 0 });
  });

  it('says the documents do not contain what they do not contain', async () => {
    const res = await client.chat({ question: 'What is the capital city of Australia?' });
    expect(res.status).toBe(200);
    expect(res.body.outcome).toBe('unanswerable');
    expect(res.body.answer).toBe('The documents do not contain the answer to this question.');
    expect(res.body.citations).toEqual([]);
    expect(res.body.loops).toBe(1);
  });
  it('resolves a follow-up against the conversation and keeps the turns in it', async () => {
    const first = await client.chat({ question: 'How long is the warranty of the X200 robot?' });
    const conversationId = first.body.conversationId;
    const second = await client.chat({ question: 'How much does it cost?', conversationId });
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({
      conversationId,
      outcome: 'answered',
      rewrittenQuery: 'How much does the X200 robot cost?',
    });
    expect(second.body.answer).toContain('42000 euros');
    const about = await client.chat({ question: 'What was my first question?', conversationId });
    expect(about.body).toMatchObject({
      outcome: 'from_conversation',
      answer: 'Your first question was: "How long is the warranty of the X200 robot?"',
      sources: [],
    });
    // Memory keeps two turns word for word; the first is folded into the summary.
    const got = await client.get(`/conversations/${conversationId}`);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({
      id: conversationId,
      turnCount: 3,
      title: 'How long is the warranty of the X200 robot?',
    });
    expect(got.body.summary).toMatch(/^Q: How long is the warranty of the X200 robot\? A: .*three years/);
    expect(got.body.messages.map((m: ApiJson) => [m.turn, m.role])).toEqual([
      [1, 'user'],
      [1, 'assistant'],
      [2, 'user'],
      [2, 'assistant'],
      [3, 'user'],
      [3, 'assistant'],
    ]);
    const answer = got.body.messages[3];
    expect(answer).toMatchObject({
      content: second.body.answer,
      outcome: 'answered',
      rewrittenQuery: 'How much does the X200 robot cost?',
    });
    expect(answer.sources).toEqual(second.body.sources);
    expect(answer.citations).toEqual(second.body.citations);
    expect(answer.usage.models).toEqual(['offline:extractive']);
  });

  it('streams node events, the query, sources, tokens, verification, citations, usage and done, in order', async () => {
    const res = await client.chatStream({ question: 'How much does the X200 robot cost?' });
    expect(res.status).toBe(200);
    expect(res.contentType).toMatch(/^text\/event-stream/);
    const types = res.events.map((e) => e.event);
    const nodes = res.events.filter((e) => e.event === 'node_start').map((e) => e.data.node);
    expect(nodes).toEqual([
      'load_memory',
      'guard_input',
      'rewrite_query',
      'route',
      'retrieve',
      'grade_evidence',
      'generate',
      'verify',
      'finalize',
    ]);
    expect(res.events.filter((e) => e.event === 'node_end').map((e) => e.data.node)).toEqual(nodes);
    const at = (t: string) => types.indexOf(t);
    const order = ['rewritten_query', 'sources', 'token', 'verification', 'citations', 'usage', 'done'].map(at);
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(types.at(-1)).toBe('done');
    const streamed = res.events
      .filter((e) => e.event === 'token')
      .map((e) => e.data.text)
      .join('');
    const verification = res.events[at('verification')].data;
    expect(verification.answer).toBe(streamed);
    expect(streamed).toContain('42000 euros');
    const done = res.events.at(-1)!.data;
    expect(done).toMatchObject({
      outcome: 'answered',
      conversationId: expect.any(String),
      messageId: expect.any(String),
    });
    expect(done.timings.firstTokenMs).toBeGreaterThan(0);
  });

  it('names Redis or PostgreSQL out of reach SERVICE_UNAVAILABLE: a 503 before the stream, an error event in it', async () => {
    const search = api.app.get(SearchService, { strict: false });
    const outage = () => new Error("Stream isn't writeable and enableOfflineQueue options is false");
    const spy = jest.spyOn(search, 'searchWorkspace').mockRejectedValue(outage());
    try {
      const streamed = await client.chatStream({ question: 'How much does the X200 robot cost?' });
      expect(streamed.status).toBe(200);
      const last = streamed.events.at(-1)!;
      expect(last.event).toBe('error');
      expect(last.data).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
      expect(last.data.message).not.toContain('enableOfflineQueue');
      const plain = await client.chat({ question: 'How much does the X200 robot cost?' });
      expect(plain.status).toBe(503);
      expect(plain.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
    } finally {
      spy.mockRestore();
    }
  });

  it('answers an unknown conversation or a foreign collection with an HTTP 404 before any event', async () => {
    const stranger = new ChatClient(api.url, await registerAccount(api.url));
    const mine = await client.chat({ question: 'How long is the warranty of the X200 robot?' });
    const theirs = await stranger.chat({
      question: 'How long is the warranty?',
      conversationId: mine.body.conversationId,
    });
    expect(theirs.status).toBe(404);
    expect(theirs.body).toMatchObject({
      statusCode: 404,
      message: 'conversation not found',
      requestId: expect.any(String),
    });
    const streamed = await stranger.chatStream({ question: 'Warranty?', conversationId: mine.body.conversationId });
    expect(streamed.status).toBe(404);
    expect(streamed.contentType).toMatch(/json/);
    const collections = await client.get('/collections');
    const foreign = await stranger.chat({ question: 'Warranty?', collectionIds: [collections.body.items[0].id] });
    expect(foreign.status).toBe(404);
    const bad = await client.chat({ question: '', collectionIds: ['not-a-uuid'] });
    expect(bad.status).toBe(400);
  });

  it('keeps conversations per user and workspace: create, list by pages, get, delete', async () => {
    const member = await registerAccount(api.url);
    const teamId = await createTeam(api.url, owner, [[member, 'viewer']]);
    const inTeam = new ChatClient(api.url, owner, teamId);
    const created = await inTeam.send('POST', '/conversations', { title: 'Robots' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ title: 'Robots', turnCount: 0 });
    // The team's documents are not the personal workspace's: nothing to answer from there.
    const asked = await inTeam.chat({
      question: 'How long is the warranty of the X200 robot?',
      conversationId: created.body.id,
    });
    expect(asked.body).toMatchObject({ outcome: 'unanswerable', conversationId: created.body.id });
    for (let i = 0; i < 3; i++) await inTeam.send('POST', '/conversations', {});
    const page1 = await inTeam.get('/conversations?limit=3');
    expect(page1.body.items).toHaveLength(3);
    expect(page1.body.items[0].id).not.toBe(created.body.id);
    const page2 = await inTeam.get(`/conversations?limit=3&cursor=${page1.body.nextCursor}`);
    expect(page2.body).toMatchObject({
      items: [{ id: created.body.id, title: 'Robots', turnCount: 1 }],
      nextCursor: null,
    });
    // Not in the personal workspace, not for another member of the team.
    expect((await client.get(`/conversations/${created.body.id}`)).status).toBe(404);
    const memberClient = new ChatClient(api.url, member, teamId);
    expect((await memberClient.get(`/conversations/${created.body.id}`)).status).toBe(404);
    expect((await memberClient.send('DELETE', `/conversations/${created.body.id}`)).status).toBe(404);
    expect((await memberClient.get('/conversations')).body.items).toEqual([]);
    expect((await inTeam.send('DELETE', `/conversations/${created.body.id}`)).status).toBe(204);
    expect((await inTeam.get(`/conversations/${created.body.id}`)).status).toBe(404);
    expect((await inTeam.get('/conversations?cursor=bogus')).status).toBe(400);
    const res = await fetch(`${api.url}/api/v1/conversations/${created.body.id}`, { headers: bearer('nope') });
    expect(res.status).toBe(401);
  });
});
