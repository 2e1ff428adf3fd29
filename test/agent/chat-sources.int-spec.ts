import { registerAccount, OFFLINE_APP_ENV } from '../support/accounts';
import { markdownDoc, pdfWithPages } from '../support/document-fixtures';
import { startApi, type RunningApp } from '../support/http-app';
import { databaseFor, databaseModes, testConfig } from '../support/test-env';
import type { ApiJson } from '../documents/documents-client';
import { ChatClient } from './chat-client';

/**
 * Where an answer's sources say they are from, for documents whose structure the parser keeps: a PDF passage
 * that runs over a page break, and Markdown sections under their headings.
 */
describe.each(databaseModes())('chat sources (%s)', (mode) => {
  let db: { env: Record<string, string>; cleanup(): Promise<void> };
  let api: RunningApp;
  let client: ChatClient;

  beforeAll(async () => {
    db = await databaseFor(mode);
    api = await startApi(
      testConfig({
        ...db.env,
        ...OFFLINE_APP_ENV,
      }),
    );
    client = new ChatClient(api.url, await registerAccount(api.url));
  });
  afterAll(async () => {
    await api?.close();
    await db?.cleanup();
  });

  it('answers from a PDF passage that runs from page 1 onto page 2, citing both ends of its page range', async () => {
    const pdf = await client.ingest(
      'manual.pdf',
      pdfWithPages([
        [
          'Operating manual for the Quasar pump.',
          'The Quasar pump is installed in the basement next to the boiler.',
          'The Quasar pump must be serviced by a certified technician every',
        ],
        [
          'eighteen months, or sooner when its pressure gauge reads below two bar.',
          'Spare seals for the pump are kept in the red cabinet.',
        ],
      ]),
    );
    // Half the question's words are on each page: each half of the sentence alone does not answer it.
    const question = 'Must a certified technician service the pump every eighteen months?';
    const res = await client.chat({ question, documentIds: [pdf.id] });
    expect(res.status).toBe(200);
    expect(res.body.outcome).toBe('answered');
    expect(res.body.answer).toContain('certified technician every eighteen months');
    expect(res.body.citations.length).toBeGreaterThan(0);
    const cited = res.body.sources.find((s: ApiJson) => s.n === res.body.citations[0].n);
    expect(cited).toMatchObject({
      documentId: pdf.id,
      filename: 'manual.pdf',
      kind: 'document',
      page: 1,
      unitEnd: 2,
    });
    // Search names the same range for the same chunk.
    const found = await client.search({ query: question, documentIds: [pdf.id] });
    expect(found.body.results.find((r: ApiJson) => r.chunkId === cited.chunkId)).toMatchObject({ page: 1, unitEnd: 2 });
    // The event stream's sources and the stored conversation keep the range too.
    const streamed = await client.chatStream({ question, documentIds: [pdf.id] });
    const sources = streamed.events.find((e) => e.event === 'sources')!.data.sources as ApiJson[];
    expect(sources.find((s) => s.chunkId === cited.chunkId)).toMatchObject({ page: 1, unitEnd: 2 });
    const conversation = await client.send('GET', `/conversations/${res.body.conversationId}`);
    const answer = (conversation.body.messages as ApiJson[]).find((m) => m.role === 'assistant')!;
    expect((answer.sources as ApiJson[]).find((s) => s.chunkId === cited.chunkId)).toMatchObject({
      page: 1,
      unitEnd: 2,
    });
  });

  it('names the heading path of the Markdown section a source comes from', async () => {
    const md = await client.ingest(
      'garden.md',
      Buffer.from(
        '# Garden handbook\n\n## Watering\n\nThe tomato beds are watered every evening with rain water from the barrel.\n\n' +
          '## Pruning\n\nThe apple trees are pruned in late February before the buds open.\n',
        'utf8',
      ),
    );
    const res = await client.chat({ question: 'When are the apple trees pruned?', documentIds: [md.id] });
    expect(res.body.outcome).toBe('answered');
    expect(res.body.answer).toContain('late February');
    const cited = res.body.sources.find((s: ApiJson) => s.n === res.body.citations[0].n);
    expect(cited).toMatchObject({ documentId: md.id, headingPath: ['Garden handbook', 'Pruning'] });
    // Sibling sections of a document without a title share no heading: the section still names itself.
    const robots = await client.ingest(
      'robots.md',
      markdownDoc([
        ['Warranty', 'The X200 warehouse robot comes with a warranty of three years.'],
        ['Pricing', 'The X200 robot costs 42000 euros. Leasing the X200 costs 900 euros a month.'],
      ]),
    );
    const priced = await client.chat({ question: 'How much does the X200 robot cost?', documentIds: [robots.id] });
    expect(priced.body.answer).toContain('42000 euros');
    expect(priced.body.sources[priced.body.citations[0].n - 1]).toMatchObject({
      documentId: robots.id,
      headingPath: ['Pricing'],
    });
  });
});
