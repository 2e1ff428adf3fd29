import type { DataSource } from 'typeorm';
import { providerKeyContext } from './provider-keys.service';
import type { ProviderName } from './provider-names';
import type { SecretBox } from './secret-box';
import { VaultException } from './vault.errors';

/**
 * A database column that holds values sealed by the vault, for `npm run vault:reencrypt`. Each lib that
 * stores sealed values exports one; the command re-seals every column it is given with one loop.
 */
export interface SealedColumn {
  /** Table name, as in the migrations. */
  table: string;
  /** Primary key column (ordered on, for batching). */
  idColumn: string;
  /** The sealed value (rows where it is NULL hold nothing sealed and are skipped). */
  sealedColumn: string;
  /** Column recording the id of the key a value is sealed with, kept in step with it; null if none. */
  keyIdColumn: string | null;
  /** Further columns the context is built from. */
  contextColumns: string[];
  /** The AEAD context the value was sealed with, from the row (the id and `contextColumns`, by column name). */
  context(row: Record<string, string>): string;
  /** How a failed row is named in the command's output (no secret values). */
  describe(row: Record<string, string>): string;
}

/** The workspaces' provider keys. */
export const providerKeysSealedColumn: SealedColumn = {
  table: 'provider_keys',
  idColumn: 'id',
  sealedColumn: 'sealed_key',
  keyIdColumn: 'key_id',
  contextColumns: ['workspace_id', 'provider'],
  context: (row) => providerKeyContext(row.workspace_id, row.provider as ProviderName),
  describe: (row) => `provider key ${row.id} (${row.provider}, workspace ${row.workspace_id})`,
};

export interface ReencryptFailure {
  id: string;
  /** The row as `SealedColumn.describe` names it. */
  row: string;
  reason: string;
}

export interface ReencryptReport {
  /** Stored values looked at. */
  total: number;
  /** Values that were sealed with a previous key and now are with the current one (or would be, in a dry run). */
  resealed: number;
  /** Values already sealed with the current key (verified to open). */
  current: number;
  /** Values that open with no key this process has, or not at all; left as they are. */
  failed: ReencryptFailure[];
}

export interface ReencryptOptions {
  batchSize?: number;
  /** Count what would change without writing. */
  dryRun?: boolean;
  onBatch?: (report: Readonly<ReencryptReport>) => void;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Re-seals every value of one sealed column with the current encryption key, in batches of rows locked for
 * the batch's transaction (the value never changes under a concurrent write). Values already under the
 * current key are verified and left alone, so a second run changes nothing; values that cannot be opened
 * are reported and left alone, never overwritten. Raw SQL: re-sealing is not a change of the value, so no
 * `updated_at` moves.
 */
export async function reencryptSealedColumn(
  dataSource: DataSource,
  box: SecretBox,
  column: SealedColumn,
  options: ReencryptOptions = {},
): Promise<ReencryptReport> {
  const batchSize = options.batchSize ?? 100;
  const report: ReencryptReport = { total: 0, resealed: 0, current: 0, failed: [] };
  const table = quote(column.table);
  const id = quote(column.idColumn);
  const sealed = quote(column.sealedColumn);
  const selected = [column.idColumn, column.sealedColumn, ...column.contextColumns]
    .map((c) => `${quote(c)}::text AS ${quote(c)}`)
    .join(', ');
  const set = column.keyIdColumn ? `${sealed} = $1, ${quote(column.keyIdColumn)} = $2` : `${sealed} = $1`;
  let after: string | undefined;
  for (;;) {
    const rows = await dataSource.transaction(async (manager) => {
      const params: unknown[] = [batchSize];
      const where = after === undefined ? '' : `AND ${id} > $2`;
      if (after !== undefined) params.push(after);
      const batch = (await manager.query(
        `SELECT ${selected} FROM ${table} WHERE ${sealed} IS NOT NULL ${where} ORDER BY ${id} ASC LIMIT $1 FOR UPDATE`,
        params,
      )) as Array<Record<string, string>>;
      for (const row of batch) {
        report.total++;
        const value = row[column.sealedColumn];
        let resealed: string;
        try {
          resealed = box.reseal(value, column.context(row));
        } catch (err) {
          if (!(err instanceof VaultException)) throw err;
          report.failed.push({ id: row[column.idColumn], row: column.describe(row), reason: err.message });
          continue;
        }
        if (resealed === value) {
          report.current++;
          continue;
        }
        report.resealed++;
        if (options.dryRun) continue;
        const values = column.keyIdColumn ? [resealed, box.currentKeyId] : [resealed];
        await manager.query(`UPDATE ${table} SET ${set} WHERE ${id} = $${values.length + 1}`, [
          ...values,
          row[column.idColumn],
        ]);
      }
      return batch;
    });
    if (rows.length) options.onBatch?.(report);
    if (rows.length < batchSize) return report;
    after = rows[rows.length - 1][column.idColumn];
  }
}
