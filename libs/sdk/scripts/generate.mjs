// Regenerates the typed DocQA client in libs/sdk/src/generated from openapi.json with @hey-api/openapi-ts,
// formatted with the repository's Prettier settings so the committed files match a fresh run byte for byte.
//
//   node libs/sdk/scripts/generate.mjs              writes libs/sdk/src/generated (`npm run sdk`)
//   node libs/sdk/scripts/generate.mjs --check      exits 1, naming the files, when the committed client is stale
//   node libs/sdk/scripts/generate.mjs --out DIR    writes elsewhere (the check uses a temporary directory)
import { createClient } from '@hey-api/openapi-ts';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';

const SDK_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const REPO_ROOT = resolve(SDK_ROOT, '../..');
const COMMITTED = join(SDK_ROOT, 'src/generated');

/** Generates the client from `spec` into `out` (emptied first). */
export async function generate(out, spec = join(REPO_ROOT, 'openapi.json')) {
  await rm(out, { recursive: true, force: true });
  await createClient({
    input: spec,
    output: {
      path: out,
      tsConfigPath: join(SDK_ROOT, 'tsconfig.json'),
      // Extensionless relative imports: the package ships CommonJS, and the monorepo's jest resolves them as-is.
      module: { extension: null },
    },
    plugins: [
      // No base URL baked in: every DocQA deployment has its own.
      { name: '@hey-api/client-fetch', baseUrl: false },
      '@hey-api/typescript',
      // One class holding every operation, so a program can talk to several servers or as several users at once.
      { name: '@hey-api/sdk', operations: { strategy: 'single', containerName: 'DocQaApi', methods: 'instance' } },
    ],
    logs: { level: 'silent', file: false },
  });
  const options = await prettier.resolveConfig(join(COMMITTED, 'index.ts'));
  for (const file of await listFiles(out)) {
    const text = portable(await readFile(file, 'utf8'));
    await writeFile(file, await prettier.format(text, { ...options, filepath: file }));
  }
}

/**
 * The fetch client casts to the DOM lib's global `BodyInit`, which Node's types do not declare (the monorepo
 * compiles without the DOM lib). `RequestInit['body']` is the same type under both.
 */
function portable(text) {
  return text.replaceAll('as BodyInit | null | undefined', "as RequestInit['body']");
}

async function listFiles(dir) {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** Files that differ between two generated trees, relative to their roots. */
async function differences(a, b) {
  const [left, right] = await Promise.all([listFiles(a), listFiles(b)]);
  const names = new Set([...left.map((f) => relative(a, f)), ...right.map((f) => relative(b, f))]);
  const stale = [];
  for (const name of [...names].sort()) {
    const [x, y] = await Promise.all([
      readFile(join(a, name), 'utf8').catch(() => null),
      readFile(join(b, name), 'utf8').catch(() => null),
    ]);
    if (x !== y) stale.push(name);
  }
  return stale;
}

async function main(argv) {
  const outFlag = argv.indexOf('--out');
  const target = outFlag >= 0 ? resolve(argv[outFlag + 1]) : COMMITTED;
  const specFlag = argv.indexOf('--spec');
  const spec = specFlag >= 0 ? resolve(argv[specFlag + 1]) : undefined;
  if (!argv.includes('--check')) {
    await generate(target, spec);
    process.stdout.write(`wrote ${relative(process.cwd(), target) || '.'}\n`);
    return;
  }
  const fresh = await mkdtemp(join(tmpdir(), 'docqa-sdk-'));
  try {
    await generate(fresh, spec);
    const stale = await differences(fresh, target);
    if (stale.length) {
      process.stderr.write(`the SDK is stale (${stale.join(', ')}): run \`npm run sdk\` and commit the result\n`);
      process.exitCode = 1;
    } else {
      process.stdout.write('the SDK is up to date with openapi.json\n');
    }
  } finally {
    await rm(fresh, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((err) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
}
