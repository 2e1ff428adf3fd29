import { Client } from 'pg';
import type { UploadAttempt } from './workload';

/** A document row as the check reads it, with its chunks counted. */
export interface DocumentRow {
  id: string;
  workspaceId: string;
  sha256: string;
  status: string;
  chunkCount: number;
  chunks: number;
  distinctIndexes: number;
  failureReason: string | null;
}

export interface IntegrityReport {
  /** Upload requests sent, answered 202, answered otherwise (status or no answer). */
  attempts: number;
  acknowledged: number;
  refused: Record<string, number>;
  /** Distinct documents (workspace + bytes) acknowledged at least once. */
  documents: number;
  ready: number;
  failed: Array<{ id: string; reason: string | null }>;
  /** Acknowledged, but no row, or a row that never reached ready or failed. */
  lost: string[];
  stuck: Array<{ id: string; status: string }>;
  /** More than one row for the same bytes in one workspace, or answers naming different ids for them. */
  duplicated: string[];
  /** Repeats answered as new documents rather than `duplicate: true` with the first one's id. */
  repeatsNotRecognised: number;
  repeats: number;
  /** Ready documents whose chunk rows disagree with their chunk count, or repeat an index. */
  chunkMismatches: Array<{ id: string; chunkCount: number; chunks: number; distinctIndexes: number }>;
  /** Uploads refused or unanswered whose document exists anyway (kept although the client was not told). */
  keptUnacknowledged: number;
  /** Rows in the benchmark's workspaces that no upload accounts for. */
  unaccounted: string[];
  /** True when nothing acknowledged is lost, stuck or duplicated and every chunk count is consistent. */
  ok: boolean;
}

const TERMINAL = new Set(['ready', 'failed']);

/** Every document of the given workspaces with its chunk rows counted. */
export async function readDocuments(databaseUrl: string, workspaceIds: string[]): Promise<DocumentRow[]> {
  const pg = new Client({ connectionString: databaseUrl });
  await pg.connect();
  try {
    const { rows } = await pg.query(
      `SELECT d."id", d."workspace_id" AS "workspaceId", d."sha256", d."status", d."chunk_count" AS "chunkCount",
         d."failure_reason" AS "failureReason",
         coalesce(c."n", 0)::int AS "chunks", coalesce(c."distinct", 0)::int AS "distinctIndexes"
       FROM "documents" d
       LEFT JOIN (SELECT "document_id", count(*) AS "n", count(DISTINCT "index") AS "distinct" FROM "chunks"
                  WHERE "workspace_id" = ANY($1::uuid[]) GROUP BY "document_id") c ON c."document_id" = d."id"
       WHERE d."workspace_id" = ANY($1::uuid[])`,
      [workspaceIds],
    );
    return rows as DocumentRow[];
  } finally {
    await pg.end();
  }
}

/** Waits until every acknowledged upload's document is ready or failed (or the time is up); returns the rows. */
export async function drain(
  databaseUrl: string,
  workspaceIds: string[],
  attempts: UploadAttempt[],
  timeoutMs: number,
): Promise<{ rows: DocumentRow[]; seconds: number; settled: boolean }> {
  const t0 = performance.now();
  const acked = new Set(attempts.filter((a) => a.id).map((a) => a.id!));
  for (;;) {
    const rows = await readDocuments(databaseUrl, workspaceIds);
    const pending = rows.filter((r) => acked.has(r.id) && !TERMINAL.has(r.status));
    const seconds = (performance.now() - t0) / 1000;
    if (!pending.length) return { rows, seconds, settled: true };
    if (seconds * 1000 > timeoutMs) return { rows, seconds, settled: false };
    await new Promise((r) => setTimeout(r, 2000));
  }
}

/**
 * Checks what the server kept against what every upload was told: each acknowledged document exists exactly
 * once, ready (or failed for a stated reason), with consistent chunks; a repeat of the same bytes named the
 * first document; an upload that got an error left nothing half-made behind. Pure over its inputs.
 */
export function checkIntegrity(attempts: readonly UploadAttempt[], rows: readonly DocumentRow[]): IntegrityReport {
  const key = (workspaceId: string, sha256: string) => `${workspaceId}/${sha256}`;
  const rowsByKey = new Map<string, DocumentRow[]>();
  for (const r of rows)
    rowsByKey.set(key(r.workspaceId, r.sha256), [...(rowsByKey.get(key(r.workspaceId, r.sha256)) ?? []), r]);
  const attemptsByKey = new Map<string, UploadAttempt[]>();
  for (const a of attempts)
    attemptsByKey.set(key(a.workspaceId, a.sha256), [...(attemptsByKey.get(key(a.workspaceId, a.sha256)) ?? []), a]);

  const report: IntegrityReport = {
    attempts: attempts.length,
    acknowledged: attempts.filter((a) => a.status === 202).length,
    refused: {},
    documents: 0,
    ready: 0,
    failed: [],
    lost: [],
    stuck: [],
    duplicated: [],
    repeatsNotRecognised: 0,
    repeats: attempts.filter((a) => a.repeat).length,
    chunkMismatches: [],
    keptUnacknowledged: 0,
    unaccounted: [],
    ok: false,
  };
  for (const a of attempts) if (a.status !== 202) report.refused[a.status] = (report.refused[a.status] ?? 0) + 1;

  for (const [k, list] of attemptsByKey) {
    const found = rowsByKey.get(k) ?? [];
    const ids = new Set(list.filter((a) => a.id).map((a) => a.id!));
    if (found.length > 1 || ids.size > 1) report.duplicated.push(k);
    const acked = list.filter((a) => a.status === 202 && a.id);
    if (!acked.length) {
      if (found.length) report.keptUnacknowledged += 1;
      // Kept without the client knowing: it must still have been processed to the end.
      for (const r of found) if (!TERMINAL.has(r.status)) report.stuck.push({ id: r.id, status: r.status });
      continue;
    }
    report.documents += 1;
    const firstNew = acked.find((a) => !a.duplicate);
    for (const a of acked.filter((x) => x.repeat)) {
      if (!a.duplicate || (firstNew && a.id !== firstNew.id)) report.repeatsNotRecognised += 1;
    }
    const row = found.find((r) => ids.has(r.id));
    if (!row) {
      report.lost.push([...ids][0]);
      continue;
    }
    if (row.status === 'ready') {
      report.ready += 1;
      if (row.chunks !== row.chunkCount || row.distinctIndexes !== row.chunks || row.chunks === 0) {
        report.chunkMismatches.push({
          id: row.id,
          chunkCount: row.chunkCount,
          chunks: row.chunks,
          distinctIndexes: row.distinctIndexes,
        });
      }
    } else if (row.status === 'failed') report.failed.push({ id: row.id, reason: row.failureReason });
    else {
      report.stuck.push({ id: row.id, status: row.status });
      report.lost.push(row.id);
    }
  }
  for (const [k, found] of rowsByKey) if (!attemptsByKey.has(k)) report.unaccounted.push(...found.map((r) => r.id));
  report.ok =
    !report.lost.length &&
    !report.stuck.length &&
    !report.duplicated.length &&
    !report.repeatsNotRecognised &&
    !report.chunkMismatches.length &&
    !report.failed.length &&
    !report.unaccounted.length;
  return report;
}
