import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { EmbeddingService, OFFLINE_EMBEDDER_ID } from '@docqa/embeddings';
import { Bm25Statistics } from '@docqa/retrieval';
import type { BenchApp } from '../../retrieval/bench-app';
import {
  BULK_TABLES,
  BulkLoader,
  buildIndexes,
  dropSecondaryIndexes,
  hnswIndexDefinition,
  type IndexBuild,
  type IndexDefinition,
  type LoadDocument,
} from '../../retrieval/bulk-load';
import { SyntheticCorpus } from '../../retrieval/synthetic-corpus';
import { CHUNKS, DIMENSION } from './variants';

const VARIANT_INDEXES = [CHUNKS.indexes.halfvec, CHUNKS.indexes.bits];

/**
 * The growth benchmark's corpora, one named database per size on the PostgreSQL server, built once and kept:
 * a million chunks take most of an hour to load and index on two cores, so later runs reuse them. A marker
 * row says what was built and whether the build finished; a build cut short resumes where it stopped.
 */

/** What a corpus is made of; a cached database built from anything else is built again. */
export const CORPUS_VERSION =
  'synthetic-corpus seed 20240611, 10 chunks per document, offline:hash-384-v1, 10 collections, shard = document % 100, v1';
/** Documents go round-robin to this many collections, so one collection is a 10% filter. */
export const COLLECTIONS = 10;
/** `metadata.shard` = document index % SHARDS, so one shard is a 1% filter. */
export const SHARDS = 100;
const DOCS_PER_BATCH = 500;
/** Batches loaded at once (see ensureCorpus). */
const LOAD_LANES = 2;

export interface CorpusBuild {
  version: string;
  chunks: number;
  documents: number;
  status: 'loading' | 'complete';
  /** Index definitions dropped for the load, still to be built (kept here so an interrupted load can resume). */
  pendingIndexes: IndexDefinition[];
  insertSeconds: number;
  indexes: IndexBuild[];
  statsSeconds?: number;
  builtAt?: string;
}

export interface CorpusLayout {
  workspaceId: string;
  /** Collection ids in order (document d is in collection d % COLLECTIONS). */
  collectionIds: string[];
}

export function databaseNameFor(prefix: string, chunks: number): string {
  return `${prefix}_${chunks}`;
}

async function admin<T>(serverUrl: string, run: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: serverUrl });
  await c.connect();
  try {
    return await run(c);
  } finally {
    await c.end();
  }
}

/** The named database on the server (created when missing), with its URL. */
export async function ensureDatabase(serverUrl: string, name: string): Promise<{ url: string; created: boolean }> {
  if (!/^[a-z0-9_]{1,63}$/.test(name)) throw new Error(`database name ${name}: use a-z, 0-9 and _`);
  const created = await admin(serverUrl, async (c) => {
    const { rows } = await c.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name]);
    if (rows.length) return false;
    await c.query(`CREATE DATABASE "${name}"`);
    return true;
  });
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), created };
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await admin(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

const MARKER = 'bench_scale_build';

/** A build record kept in the database it describes: 1 the corpus, 2 the dense vectors. */
export async function readMarker<T>(dataSource: DataSource, id = 1): Promise<T | undefined> {
  await dataSource.query(`CREATE TABLE IF NOT EXISTS "${MARKER}" ("id" int PRIMARY KEY, "build" jsonb NOT NULL)`);
  const rows = (await dataSource.query(`SELECT "build" FROM "${MARKER}" WHERE "id" = $1`, [id])) as { build: T }[];
  return rows[0]?.build;
}

export async function writeMarker(dataSource: DataSource, build: object, id = 1): Promise<void> {
  await dataSource.query(
    `INSERT INTO "${MARKER}" ("id", "build") VALUES ($1, $2) ON CONFLICT ("id") DO UPDATE SET "build" = EXCLUDED."build"`,
    [id, JSON.stringify(build)],
  );
}

/** The workspace and collections of a corpus, created on first use. */
async function layout(dataSource: DataSource): Promise<CorpusLayout> {
  const found = (await dataSource.query(
    `SELECT w."id" AS "workspaceId", array_agg(c."id" ORDER BY c."name") AS "collectionIds"
     FROM "workspaces" w JOIN "collections" c ON c."workspace_id" = w."id"
     WHERE w."name" = 'bench:scale' GROUP BY w."id"`,
  )) as { workspaceId: string; collectionIds: string[] }[];
  if (found[0]?.collectionIds.length === COLLECTIONS) return found[0];
  const loader = new BulkLoader(dataSource);
  const workspaceId = await loader.workspace('bench:scale');
  const collectionIds: string[] = [];
  for (let i = 0; i < COLLECTIONS; i++) {
    collectionIds.push(await loader.collection(workspaceId, `part-${i}`, OFFLINE_EMBEDDER_ID, DIMENSION));
  }
  return { workspaceId, collectionIds };
}

/** Document indexes already loaded (each batch per collection is one transaction, so gaps are possible). */
async function loadedDocuments(dataSource: DataSource): Promise<Set<number>> {
  const rows = (await dataSource.query(
    `SELECT ("metadata"->>'synthetic')::int AS "d" FROM "documents" WHERE "metadata" ? 'synthetic'`,
  )) as { d: number }[];
  return new Set(rows.map((r) => r.d));
}

export interface CorpusOptions {
  maintenanceWorkMem: string;
  log: (line: string) => void;
}

/**
 * The corpus of `size` chunks in the app's database: reused when a finished build of the same version is
 * there, else loaded (resuming after the documents an interrupted load wrote) and indexed.
 */
export async function ensureCorpus(
  bench: BenchApp,
  size: number,
  options: CorpusOptions,
): Promise<{ build: CorpusBuild; layout: CorpusLayout; reused: boolean }> {
  const { dataSource } = bench;
  const { log } = options;
  let build = await readMarker<CorpusBuild>(dataSource);
  if (build && (build.version !== CORPUS_VERSION || build.chunks !== size)) {
    throw new Error(`the database holds another corpus (${build.version}, ${build.chunks} chunks): rebuild it`);
  }
  const corpusLayout = await layout(dataSource);
  if (build?.status === 'complete') {
    const missing = await missingIndexes(dataSource, [hnswIndexDefinition(DIMENSION), ...VARIANT_INDEXES]);
    if (missing.length) {
      log(`    cached corpus lacks ${missing.map((i) => i.name).join(', ')}: building ...`);
      build.indexes.push(...(await buildIndexes(dataSource, missing, options.maintenanceWorkMem)));
      await writeMarker(dataSource, build);
    }
    return { build, layout: corpusLayout, reused: true };
  }

  const corpus = new SyntheticCorpus(size);
  if (!build) {
    const dropped = await dropSecondaryIndexes(dataSource, BULK_TABLES);
    build = {
      version: CORPUS_VERSION,
      chunks: size,
      documents: corpus.documentCount,
      status: 'loading',
      pendingIndexes: dropped,
      insertSeconds: 0,
      indexes: [],
    };
    await writeMarker(dataSource, build);
  } else {
    log(`    resuming an interrupted load`);
  }
  const done = await loadedDocuments(dataSource);
  const embeddings = bench.app.get(EmbeddingService);
  const loader = new BulkLoader(dataSource);
  const t0 = performance.now();
  let lastLog = t0;
  let loaded = 0;
  const loadBatch = async (first: number): Promise<void> => {
    const wanted: number[] = [];
    for (let d = first; d < Math.min(corpus.documentCount, first + DOCS_PER_BATCH); d++)
      if (!done.has(d)) wanted.push(d);
    if (!wanted.length) return;
    const chunks = wanted.flatMap((d) =>
      Array.from({ length: corpus.chunksPerDocument }, (_, k) => d * corpus.chunksPerDocument + k)
        .filter((o) => o < size)
        .map((o) => corpus.chunk(o)),
    );
    const vectors = await embeddings.embedDocuments(
      OFFLINE_EMBEDDER_ID,
      chunks.map((c) => `${corpus.title(c.documentIndex)}\n\n${c.text}`),
    );
    const byCollection = new Map<number, Map<number, LoadDocument>>();
    chunks.forEach((c, i) => {
      const docs = byCollection.get(c.documentIndex % COLLECTIONS) ?? new Map<number, LoadDocument>();
      byCollection.set(c.documentIndex % COLLECTIONS, docs);
      let doc = docs.get(c.documentIndex);
      if (!doc) {
        doc = {
          title: corpus.title(c.documentIndex),
          filename: `synthetic-${c.documentIndex}.txt`,
          metadata: { synthetic: c.documentIndex, shard: c.documentIndex % SHARDS },
          chunks: [],
        };
        docs.set(c.documentIndex, doc);
      }
      doc.chunks.push({ text: c.text, tokenCount: Math.round(c.words * 1.3), vector: vectors[i] });
    });
    for (const [collection, docs] of byCollection) {
      const target = {
        workspaceId: corpusLayout.workspaceId,
        collectionId: corpusLayout.collectionIds[collection],
        embedderId: OFFLINE_EMBEDDER_ID,
        dimension: DIMENSION,
      };
      await loader.documents(target, [...docs.values()]);
    }
    loaded += chunks.length;
    if (performance.now() - lastLog > 60_000) {
      lastLog = performance.now();
      log(`    ${loaded.toLocaleString('en')} chunks, ${((lastLog - t0) / 1000).toFixed(0)} s`);
    }
  };
  // Two batches in flight: while PostgreSQL runs one batch's postings triggers, the other is embedded here or
  // indexed by a second backend, so both cores work (one at a time left one idle). The triggers only append
  // to the postings and delta tables, so concurrent batches do not wait on each other's locks.
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < corpus.documentCount) {
      const first = next;
      next += DOCS_PER_BATCH;
      await loadBatch(first);
    }
  };
  await Promise.all(Array.from({ length: LOAD_LANES }, lane));
  build.insertSeconds += (performance.now() - t0) / 1000;
  await writeMarker(dataSource, build);
  log(`    inserted in ${build.insertSeconds.toFixed(1)} s; building indexes ...`);
  build.indexes = await buildIndexes(
    dataSource,
    [...build.pendingIndexes, hnswIndexDefinition(DIMENSION), ...VARIANT_INDEXES],
    options.maintenanceWorkMem,
  );
  const s0 = performance.now();
  await bench.app.get(Bm25Statistics, { strict: false }).compact();
  build.statsSeconds = (performance.now() - s0) / 1000;
  build.status = 'complete';
  build.pendingIndexes = [];
  build.builtAt = new Date().toISOString();
  await writeMarker(dataSource, build);
  return { build, layout: corpusLayout, reused: false };
}

async function missingIndexes(dataSource: DataSource, wanted: IndexDefinition[]): Promise<IndexDefinition[]> {
  const rows = (await dataSource.query(`SELECT "indexname" FROM pg_indexes WHERE "tablename" = 'chunks'`)) as {
    indexname: string;
  }[];
  const have = new Set(rows.map((r) => r.indexname));
  return wanted.filter((i) => !have.has(i.name));
}
