import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SDK = join(__dirname, '../../libs/sdk');

interface PackageJson {
  name: string;
  private?: boolean;
  main: string;
  types: string;
  exports: Record<string, { types: string; default: string } | string>;
  files: string[];
  scripts: Record<string, string>;
}

/** libs/sdk is publishable on its own: its build produces what its package.json points at. */
describe('the @docqa/sdk package', () => {
  let out: string;
  let pkg: PackageJson;

  beforeAll(async () => {
    pkg = JSON.parse(await readFile(join(SDK, 'package.json'), 'utf8')) as PackageJson;
    out = await mkdtemp(join(tmpdir(), 'docqa-sdk-build-'));
    // The package's own build (tsconfig.build.json), into a scratch directory instead of libs/sdk/dist.
    const tsc = require.resolve('typescript/bin/tsc');
    await run(process.execPath, [tsc, '-p', join(SDK, 'tsconfig.build.json'), '--outDir', out], { cwd: SDK });
  }, 120_000);
  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it('is named, not private, builds with its own script and ships only its build', () => {
    expect(pkg.name).toBe('@docqa/sdk');
    expect(pkg.private).toBeUndefined();
    expect(pkg.scripts.build).toBe('tsc -p tsconfig.build.json');
    expect(pkg.files).toEqual(expect.arrayContaining(['dist']));
  });

  it('points main, types and exports at files the build writes', () => {
    const built = (p: string) => join(out, p.replace(/^\.\/dist\//, ''));
    const root = pkg.exports['.'] as { types: string; default: string };
    for (const p of [pkg.main, pkg.types, root.types, root.default]) {
      expect({ path: p, exists: existsSync(built(p)) }).toEqual({ path: p, exists: true });
    }
  });

  it('loads as CommonJS and exports the client, the generated API class and the error type', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const sdk = require(join(out, 'index.js')) as Record<string, unknown>;
    for (const name of ['DocQaClient', 'DocQaApi', 'DocQaApiError', 'createClient', 'createConfig']) {
      expect({ name, type: typeof sdk[name] }).toEqual({ name, type: 'function' });
    }
    const client = new (sdk.DocQaClient as new (o: object) => Record<string, unknown>)({ baseUrl: 'http://x' });
    expect(typeof client.uploadDocuments).toBe('function');
    expect(typeof client.streamChat).toBe('function');
  });
});
