import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = join(__dirname, '../..');
const GENERATE = join(ROOT, 'libs/sdk/scripts/generate.mjs');
const COMMITTED = join(ROOT, 'libs/sdk/src/generated');

/** Runs the generator's check (`--check`), which regenerates into a temporary directory and compares. */
async function check(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [GENERATE, '--check', ...args], { cwd: ROOT });
    return { code: 0, out: stdout + stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

describe('the generated SDK (libs/sdk/src/generated)', () => {
  let scratch: string;
  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'docqa-sdk-check-'));
  });
  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it('is what `npm run sdk` generates from the committed openapi.json', async () => {
    const result = await check();
    expect(result.out).toContain('the SDK is up to date with openapi.json');
    expect(result.code).toBe(0);
  });

  it('is reported stale when openapi.json changed and the SDK was not regenerated', async () => {
    const spec = JSON.parse(await readFile(join(ROOT, 'openapi.json'), 'utf8'));
    spec.paths['/api/v1/health'].get.operationId = 'getLiveness';
    const changed = join(scratch, 'openapi.json');
    await writeFile(changed, JSON.stringify(spec));
    const result = await check('--spec', changed);
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/the SDK is stale \(.*sdk\.gen\.ts.*\): run `npm run sdk`/);
  });

  it('is reported stale when a generated file was edited by hand', async () => {
    const copy = join(scratch, 'generated');
    await cp(COMMITTED, copy, { recursive: true });
    const file = join(copy, 'types.gen.ts');
    await writeFile(file, `${await readFile(file, 'utf8')}\nexport type HandWritten = string;\n`);
    const result = await check('--out', copy);
    expect(result.code).toBe(1);
    expect(result.out).toContain('the SDK is stale (types.gen.ts)');
  });
});
