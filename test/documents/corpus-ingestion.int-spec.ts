import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ParserPool, processRssBytes } from '@docqa/documents';
import { FAST_AUTH_ENV, registerAccount } from '../support/accounts';
import { startApi, type RunningApp } from '../support/http-app';
import { CORPUS_DIR, describeWithCorpus } from '../support/shared-data';
import { databaseFor, databaseModes, testConfig } from '../support/test-env';
import { DocumentsClient } from './documents-client';

/** What ../shared/corpus/SOURCES.md says some files must come to. */
const EXPECTED_FAILURES: Record<string, string> = {
  'pdf/issue6010_1.pdf': 'encrypted',
  'pdf/bug1782186.pdf': 'encrypted',
  'pdf/password-example.pdf': 'encrypted',
  'pdf/libreoffice-writer-password.pdf': 'encrypted',
  'pdf/unstructured-password.pdf': 'encrypted',
  'docx/HOSTILE-DERIVED-zipbomb-1GiB-paragraphs.docx': 'too_large',
  'docx/HOSTILE-DERIVED-zipbomb-200MiB-paragraphs.docx': 'too_large',
  'docx/HOSTILE-DERIVED-zipbomb-600MiB-single-text-node.docx': 'too_large',
  'docx/HOSTILE-DERIVED-zipbomb-lying-sizes-300MiB.docx': 'too_large',
  'pptx/HOSTILE-DERIVED-zipbomb-1GiB-slide.pptx': 'too_large',
};
/** Files refused at upload (415), with what the refusal must name. */
const EXPECTED_REFUSALS: Record<string, RegExp> = {
  'xlsx/markitdown-test.xls': /legacy|OLE2/i,
  'other/winter-sports.epub': /epub/i,
  'other/officeparser-test.odt': /opendocument/i,
};
/** What this process grows by while it runs the API, plus the API's parser processes, must stay bounded. */
const RSS_LIMIT_BYTES = 2.5 * 1024 ** 3;

function corpusFiles(): string[] {
  return readdirSync(CORPUS_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => readdirSync(join(CORPUS_DIR, d.name)).map((f) => `${d.name}/${f}`))
    .sort();
}

// The server database when there is one (faster to index), else the embedded one.
const mode = databaseModes().at(-1)!;

describeWithCorpus(`every file of ../shared/corpus through the API (${mode})`, () => {
  let db: { env: Record<string, string>; cleanup(): Promise<void> };
  let api: RunningApp;
  let client: DocumentsClient;
  let peakRss = 0;
  // This process is a test runner worker that may carry memory from earlier test files: what counts is what
  // it grows by while the API runs in it, plus the parser processes.
  const ownAtStart = process.memoryUsage().rss;
  const sample = async () => {
    const parsers = api ? api.app.get(ParserPool).stats().pids : [];
    const children = await Promise.all(parsers.map((pid) => processRssBytes(pid)));
    const grown = Math.max(0, process.memoryUsage().rss - ownAtStart);
    const total = children.reduce<number>((sum, rss) => sum + (rss ?? 0), grown);
    peakRss = Math.max(peakRss, total);
  };
  const sampler = setInterval(() => void sample(), 100);

  beforeAll(async () => {
    db = await databaseFor(mode);
    api = await startApi(
      testConfig({ ...db.env, ...FAST_AUTH_ENV, EMBEDDING_PROVIDER: 'offline', PARSE_TIMEOUT_MS: '60000' }),
    );
    client = new DocumentsClient(api.url, await registerAccount(api.url));
  });
  afterAll(async () => {
    clearInterval(sampler);
    await api?.close();
    await db?.cleanup();
  });

  it('ends every file ready, failed with a reason, or refused at upload naming its type; the process survives', async () => {
    const outcomes = new Map<string, { upload: number; status?: string; reason?: string | null; message?: string }>();
    const ids = new Map<string, string>();
    for (const file of corpusFiles()) {
      if (file.endsWith('SOURCES.md')) continue;
      const up = await client.upload([{ name: file.split('/')[1], bytes: readFileSync(join(CORPUS_DIR, file)) }]);
      outcomes.set(file, { upload: up.status, message: up.body.message });
      if (up.status === 202) ids.set(file, up.body.id);
    }
    for (const [file, id] of ids) {
      const doc = await client.settled(id, 240_000);
      Object.assign(outcomes.get(file)!, {
        status: doc.status,
        reason: doc.failureReason,
        message: doc.failureMessage,
      });
    }

    for (const [file, o] of outcomes) {
      const where = `${file}: ${JSON.stringify(o)}`;
      if (o.upload === 202) {
        expect([where, ['ready', 'failed'].includes(o.status!)]).toEqual([where, true]);
        if (o.status === 'failed') expect([where, o.reason && o.message]).toEqual([where, expect.any(String)]);
      } else {
        // Refused at upload: an unsupported type (415) or an empty file, with a message that says what it is.
        expect([where, o.upload]).toEqual([where, 415]);
        expect([where, o.message]).toEqual([where, expect.stringMatching(/detected/)]);
      }
    }
    for (const [file, reason] of Object.entries(EXPECTED_FAILURES)) {
      if (outcomes.has(file)) expect([file, outcomes.get(file)!.reason]).toEqual([file, reason]);
    }
    for (const [file, pattern] of Object.entries(EXPECTED_REFUSALS)) {
      if (outcomes.has(file))
        expect([file, outcomes.get(file)!.message]).toEqual([file, expect.stringMatching(pattern)]);
    }
    // `internal` means the pipeline itself broke (retries used up): a defect, never an answer for a file.
    const internal = [...outcomes].filter(([, o]) => o.reason === 'internal').map(([f, o]) => `${f}: ${o.message}`);
    expect(internal).toEqual([]);
    const ready = [...outcomes.values()].filter((o) => o.status === 'ready').length;
    expect(ready).toBeGreaterThan(outcomes.size * 0.7);

    // No external entity was ever resolved into a chunk.
    const [{ leaks }] = await api.app
      .get(DataSource)
      .query(`SELECT count(*)::int AS leaks FROM chunks WHERE text LIKE '%root:x:0:0%'`);
    expect(leaks).toBe(0);
    expect((await fetch(`${api.url}/api/v1/health`)).status).toBe(200);
    expect(peakRss).toBeLessThan(RSS_LIMIT_BYTES);
    const summary = [...outcomes.values()].reduce<Record<string, number>>((acc, o) => {
      const key = o.upload === 202 ? (o.status === 'ready' ? 'ready' : `failed:${o.reason}`) : `refused:${o.upload}`;
      acc[key] = (acc[key] ?? 0) + 1;
      return acc;
    }, {});
    process.stdout.write(`corpus outcomes ${JSON.stringify(summary)}, peak RSS ${Math.round(peakRss / 2 ** 20)} MiB\n`);
  }, 600_000);
});
