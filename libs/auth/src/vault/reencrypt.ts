import type { DataSource } from 'typeorm';
import { ProviderKeyEntity } from './provider-key.entity';
import { providerKeyContext } from './provider-keys.service';
import type { SecretBox } from './secret-box';
import { VaultException } from './vault.errors';

export interface ReencryptFailure {
  id: string;
  workspaceId: string;
  provider: string;
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

/**
 * Re-seals every stored provider key with the current encryption key, in batches of rows locked for the
 * batch's transaction (the key and the value never change under a concurrent `PUT`). Values already under
 * the current key are verified and left alone, so a second run changes nothing; values that cannot be
 * opened are reported and left alone, never overwritten.
 */
export async function reencryptProviderKeys(
  dataSource: DataSource,
  box: SecretBox,
  options: ReencryptOptions = {},
): Promise<ReencryptReport> {
  const batchSize = options.batchSize ?? 100;
  const report: ReencryptReport = { total: 0, resealed: 0, current: 0, failed: [] };
  let after: string | undefined;
  for (;;) {
    const rows = await dataSource.transaction(async (manager) => {
      const query = manager
        .createQueryBuilder(ProviderKeyEntity, 'pk')
        .orderBy('pk.id', 'ASC')
        .limit(batchSize)
        .setLock('pessimistic_write');
      if (after) query.where('pk.id > :after', { after });
      const batch = await query.getMany();
      for (const row of batch) {
        report.total++;
        const context = providerKeyContext(row.workspaceId, row.provider);
        let resealed: string;
        try {
          resealed = box.reseal(row.sealedKey, context);
        } catch (err) {
          if (!(err instanceof VaultException)) throw err;
          report.failed.push({ id: row.id, workspaceId: row.workspaceId, provider: row.provider, reason: err.message });
          continue;
        }
        if (resealed === row.sealedKey) {
          report.current++;
          continue;
        }
        report.resealed++;
        if (options.dryRun) continue;
        // Raw SQL: re-sealing is not a change of the key, so `updated_at` stays as it was.
        await manager.query(`UPDATE "provider_keys" SET "sealed_key" = $1, "key_id" = $2 WHERE "id" = $3`, [
          resealed,
          box.currentKeyId,
          row.id,
        ]);
      }
      return batch;
    });
    if (rows.length) options.onBatch?.(report);
    if (rows.length < batchSize) return report;
    after = rows[rows.length - 1].id;
  }
}
