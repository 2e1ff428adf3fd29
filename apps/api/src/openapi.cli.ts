import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadConfig } from '@docqa/core';
import { createApiApp } from './api-app';
import { buildOpenApiDocument, sortedJson } from './openapi';

/**
 * Writes openapi.json (keys sorted) from the built app, or with --check fails when the committed file
 * differs. Runs against a throwaway embedded database so it needs no configuration and touches no data.
 */
async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const target = resolve(process.cwd(), 'openapi.json');
  const dataDir = mkdtempSync(join(tmpdir(), 'docqa-openapi-'));
  const app = await createApiApp(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dataDir }));
  try {
    await app.init();
    const spec = sortedJson(buildOpenApiDocument(app));
    if (!check) {
      writeFileSync(target, spec);
      process.stdout.write(`wrote ${target}\n`);
      return;
    }
    let committed = '';
    try {
      committed = readFileSync(target, 'utf8');
    } catch {
      // a missing file is stale too
    }
    if (committed !== spec) {
      process.stderr.write('openapi.json is stale: run `npm run openapi` and commit the result\n');
      process.exitCode = 1;
    } else {
      process.stdout.write('openapi.json is up to date\n');
    }
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
