import { parseArgs } from 'node:util';
import { createDataSource, loadConfig, loadDotEnv } from '@docqa/core';
import { loadSecretBox } from './encryption-keys';
import { reencryptSealedColumn, type SealedColumn } from './reencrypt';

const USAGE = `usage: npm run vault:reencrypt -- [--batch-size N] [--dry-run]

Re-seals every stored secret (the workspaces' provider keys and their MCP servers' header and environment
values) with ENCRYPTION_KEY. Run it after rotating the key: set ENCRYPTION_KEY to the new key and
ENCRYPTION_KEY_PREVIOUS to the old one(s), restart, run this, then remove the old keys from
ENCRYPTION_KEY_PREVIOUS. Safe to run again and while the API serves (server mode; in embedded mode the API
holds the database, so stop it first). Values that cannot be opened are listed and left untouched; the exit
code is then 1.

options:
  --batch-size N   rows per transaction (default 100)
  --dry-run        count what would be re-sealed, change nothing`;

/**
 * `npm run vault:reencrypt`: re-seals every column in `columns` (each lib that stores sealed values exports
 * its `SealedColumn`; the app's entry point lists them all). Returns the exit code.
 */
export async function runReencryptCommand(argv: string[], columns: readonly SealedColumn[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { 'batch-size': { type: 'string' }, 'dry-run': { type: 'boolean' }, help: { type: 'boolean' } },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const batchSize = Number(values['batch-size'] ?? 100);
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    process.stderr.write(`--batch-size must be a whole number above 0\n\n${USAGE}\n`);
    return 2;
  }
  loadDotEnv();
  const config = loadConfig();
  const box = await loadSecretBox(config, {
    warn: (message: string) => process.stderr.write(`warning: ${message}\n`),
    log: (message: string) => process.stderr.write(`${message}\n`),
  });
  const dryRun = values['dry-run'] ?? false;
  process.stdout.write(
    `${dryRun ? 'checking' : 're-sealing'} stored secrets with key ${box.currentKeyId} ` +
      `(opening with: ${box.keyIds.join(', ')})\n`,
  );

  const dataSource = createDataSource(config);
  await dataSource.initialize();
  try {
    for (const column of columns) {
      const [{ exists }] = await dataSource.query(`SELECT to_regclass($1) IS NOT NULL AS exists`, [column.table]);
      if (!exists) {
        process.stderr.write(`the ${column.table} table does not exist: run \`npm run migration:run\` first\n`);
        return 1;
      }
    }
    let failed = 0;
    for (const column of columns) {
      const report = await reencryptSealedColumn(dataSource, box, column, {
        batchSize,
        dryRun,
        onBatch: (r) => process.stdout.write(`  ${column.table}: ${r.total} values looked at\n`),
      });
      for (const f of report.failed) process.stdout.write(`  failed: ${f.row}: ${f.reason}\n`);
      process.stdout.write(
        `${column.table}: ${report.total} values, ${report.resealed} ${dryRun ? 'to re-seal' : 're-sealed'}, ` +
          `${report.current} already under the current key, ${report.failed.length} failed\n`,
      );
      failed += report.failed.length;
    }
    return failed ? 1 : 0;
  } finally {
    await dataSource.destroy();
  }
}
