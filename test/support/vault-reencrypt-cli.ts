import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createDataSource, type DocqaDataSource } from '@docqa/core';
import { testConfig } from './test-env';

const ROOT = join(__dirname, '../..');
const CLI = join(ROOT, 'dist/apps/api/src/vault-reencrypt.cli.js');

/** What `npm run vault:reencrypt` runs, against the built dist, with `env` only (plus PATH). */
export function runVaultReencrypt(
  env: Record<string, string>,
  args: string[] = [],
): Promise<{ code: number | null; output: string }> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
  const proc = spawn(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  proc.stdout.on('data', (c: Buffer) => (output += c.toString()));
  proc.stderr.on('data', (c: Buffer) => (output += c.toString()));
  return new Promise((resolve) => proc.once('exit', (code) => resolve({ code, output })));
}

/**
 * Runs `work` with the database of `dbEnv` open and closes it after, so the CLI can open it in between (the
 * embedded database admits one process at a time).
 */
export async function withDatabase<T>(
  dbEnv: Record<string, string>,
  work: (ds: DocqaDataSource) => Promise<T>,
): Promise<T> {
  const dataSource = createDataSource(testConfig(dbEnv));
  await dataSource.initialize();
  try {
    return await work(dataSource);
  } finally {
    await dataSource.destroy();
  }
}
