/**
 * What a user writes instead of DocQA: LangChain.js's own loaders (PDFLoader on pdf-parse, DocxLoader on
 * mammoth, PPTXLoader on officeparser), RecursiveCharacterTextSplitter 1000/200 and the community
 * PGVectorStore, one file after the other, with the embedder DocQA uses. A loader that throws loses that
 * file and the run goes on. Each step is written to the events file (JSON lines, appended synchronously)
 * as it ends, so the bench can tell which file was in flight if the process dies.
 *
 *   node bench/langchain/ingest.mjs --database-url postgres://... --table t --events out.jsonl \
 *     [--dist dist] [--keep-table] file...
 */
import { appendFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { DocxLoader } from '@langchain/community/document_loaders/fs/docx';
import { PDFLoader } from '@langchain/community/document_loaders/fs/pdf';
import { PPTXLoader } from '@langchain/community/document_loaders/fs/pptx';
import { PGVectorStore } from '@langchain/community/vectorstores/pgvector';
import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';
import { DocqaEmbeddings, loadEmbedder } from './embedder.mjs';

const LOADERS = {
  '.pdf': (path) => new PDFLoader(path),
  '.docx': (path) => new DocxLoader(path),
  '.pptx': (path) => new PPTXLoader(path),
};

const { values, positionals: files } = parseArgs({
  allowPositionals: true,
  options: {
    'database-url': { type: 'string' },
    table: { type: 'string' },
    events: { type: 'string' },
    dist: { type: 'string' },
    'keep-table': { type: 'boolean', default: false },
  },
});
if (!values['database-url'] || !values.table || !values.events) {
  console.error('usage: ingest.mjs --database-url URL --table NAME --events FILE [--dist DIR] [--keep-table] file...');
  process.exit(64);
}

const emit = (event) => appendFileSync(values.events, `${JSON.stringify({ at: Date.now(), ...event })}\n`);

const { embedder, source } = loadEmbedder(values.dist && resolve(values.dist));
const embeddings = new DocqaEmbeddings(embedder);
const splitter = new RecursiveCharacterTextSplitter({ chunkSize: 1000, chunkOverlap: 200 });
const store = await PGVectorStore.initialize(embeddings, {
  postgresConnectionOptions: { connectionString: values['database-url'] },
  tableName: values.table,
  dimensions: embedder.dimension,
});
emit({ event: 'start', pid: process.pid, embedder: embedder.id, embedderSource: source });

for (const file of files) {
  const loader = LOADERS[extname(file).toLowerCase()];
  if (!loader) continue;
  emit({ event: 'begin', file });
  const t0 = performance.now();
  let docs;
  try {
    docs = await loader(file).load();
  } catch (err) {
    emit({
      event: 'file',
      file,
      ok: false,
      error: String(err?.message ?? err).slice(0, 300),
      parseMs: performance.now() - t0,
    });
    continue;
  }
  const t1 = performance.now();
  const chunks = await splitter.splitDocuments(docs);
  const t2 = performance.now();
  const embedBefore = embeddings.embedMs;
  if (chunks.length) await store.addDocuments(chunks);
  const t3 = performance.now();
  const embedMs = embeddings.embedMs - embedBefore;
  emit({
    event: 'file',
    file,
    ok: true,
    docs: docs.length,
    totalPages: docs[0]?.metadata?.pdf?.totalPages,
    chars: docs.reduce((n, d) => n + d.pageContent.length, 0),
    chunks: chunks.length,
    parseMs: t1 - t0,
    splitMs: t2 - t1,
    embedMs,
    storeMs: t3 - t2 - embedMs,
  });
}

if (!values['keep-table']) await store.pool.query(`DROP TABLE IF EXISTS "${values.table}"`);
await store.end();
emit({ event: 'end', maxRssBytes: process.resourceUsage().maxRSS * 1024 });
