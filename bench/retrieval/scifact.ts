import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../bench-process';
import type { Judgments } from './metrics';

/** BEIR SciFact in the team's shared data beside the checkout; read in place, never copied into the project. */
export const SCIFACT_DIR = process.env.SCIFACT_DIR ?? join(ROOT, '..', 'shared', 'datasets', 'scifact');

export interface ScifactDoc {
  id: string;
  title: string;
  text: string;
}

export interface Scifact {
  corpus: ScifactDoc[];
  /** The test queries that have judgments, in file order. */
  queries: { id: string; text: string }[];
  qrels: Map<string, Judgments>;
}

/** Published nDCG@10 on SciFact (test split), to print beside ours. */
export const PUBLISHED_NDCG10 = [
  { system: 'BM25 (BEIR paper, Elasticsearch)', ndcg10: 0.665 },
  { system: 'BM25 (Anserini, flat)', ndcg10: 0.679 },
  { system: 'all-MiniLM-L6-v2 (dense)', ndcg10: 0.674 },
];

/** Why SciFact cannot be read, or undefined when it can. */
export function scifactMissing(): string | undefined {
  for (const f of ['corpus.jsonl', 'queries.jsonl', join('qrels', 'test.tsv')]) {
    if (!existsSync(join(SCIFACT_DIR, f))) {
      return `../shared/datasets/scifact is absent (no ${f}; set SCIFACT_DIR to read it elsewhere)`;
    }
  }
  return undefined;
}

function jsonl<T>(file: string): T[] {
  return readFileSync(join(SCIFACT_DIR, file), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as T);
}

/** The corpus, the test queries and their graded judgments (`query-id corpus-id score`, with a header line). */
export function loadScifact(): Scifact {
  const corpus = jsonl<{ _id: string; title?: string; text?: string }>('corpus.jsonl').map((d) => ({
    id: String(d._id),
    title: (d.title ?? '').trim(),
    text: (d.text ?? '').trim(),
  }));
  const qrels = new Map<string, Map<string, number>>();
  const lines = readFileSync(join(SCIFACT_DIR, 'qrels', 'test.tsv'), 'utf8').split('\n');
  for (const line of lines) {
    const [queryId, docId, score] = line.trim().split('\t');
    if (!queryId || !docId || !/^-?\d+$/.test(score ?? '')) continue; // the header and blank lines
    if (!qrels.has(queryId)) qrels.set(queryId, new Map());
    qrels.get(queryId)!.set(docId, Number(score));
  }
  const queries = jsonl<{ _id: string; text: string }>('queries.jsonl')
    .map((q) => ({ id: String(q._id), text: q.text }))
    .filter((q) => qrels.has(q.id));
  return { corpus, queries, qrels };
}

/** The text of a SciFact abstract as BEIR's BM25 baseline indexes it: title, then the abstract. */
export function passageOf(doc: ScifactDoc): string {
  return doc.title ? `${doc.title}\n\n${doc.text}` : doc.text;
}
