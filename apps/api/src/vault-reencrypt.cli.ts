import { providerKeysSealedColumn, runReencryptCommand, type SealedColumn } from '@docqa/auth';
import { mcpServersSealedColumn } from '@docqa/agent';

/**
 * `npm run vault:reencrypt`. Every column that holds values sealed by the vault is listed here, where the
 * libs that store them meet: a lib that starts storing sealed values adds its `SealedColumn`.
 */
const SEALED_COLUMNS: readonly SealedColumn[] = [providerKeysSealedColumn, mcpServersSealedColumn];

runReencryptCommand(process.argv.slice(2), SEALED_COLUMNS).then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
