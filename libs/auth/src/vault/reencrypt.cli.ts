import { parseArgs } from 'node:util';
import { createDataSource, loadConfig, loadDotEnv } from '@docqa/core';
import { loadSecretBox } from './encryption-keys';
import { reencryptProviderKeys } from './reencrypt';

const USAGE = `usage: npm run vault:reencrypt -- [--batch-size N] [--dry-run]

Re-seals every stored secret (the workspaces' provider keys) with ENCRYPTION_KEY. Run it after rotating the
key: set ENCRYPTION_KEY to the new key and ENCRYPTION_KEY_PREVIOUS to the old one(s), restart, run this,
then remove the old keys from ENCRYPTION_KEY_PREVIOUS. Safe to run again and while the API serves (server
mode; in embedded mode the API holds the database, so stop it first). Values that cannot be opened are
listed and left untouched; the exit code is then 1.

options:
  --batch-size N   rows per transaction (default 100)
  --dry-run        count what would be re-sealed, change nothing`;

async function main(argv: string[]): Promise<number> {
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
    const [{ exists }] = await dataSource.query(`SELECT to_regclass('provider_keys') IS NOT NULL AS exists`);
    if (!exists) {
      process.stderr.write('the provider_keys table does not exist: run `npm run migration:run` first\n');
      return 1;
    }
    const report = await reencryptProviderKeys(dataSource, box, {
      batchSize,
      dryRun,
      onBatch: (r) => process.stdout.write(`  ${r.total} values looked at\n`),
    });
    for (const f of report.failed) {
      process.stdout.write(`  failed: provider key ${f.id} (${f.provider}, workspace ${f.workspaceId}): ${f.reason}\n`);
    }
    process.stdout.write(
      `provider_keys: ${report.total} values, ${report.resealed} ${dryRun ? 'to re-seal' : 're-sealed'}, ` +
        `${report.current} already under the current key, ${report.failed.length} failed\n`,
    );
    return report.failed.length ? 1 : 0;
  } finally {
    await dataSource.destroy();
  }
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
