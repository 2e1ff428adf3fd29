import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = join(__dirname, '../..');
const CLI = join(ROOT, 'dist/apps/api/src/openapi.cli.js');

async function check(cwd: string): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, '--check'], { cwd, env: { PATH: process.env.PATH } });
    return { code: 0, out: stdout + stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

describe('openapi.json', () => {
  it('is up to date with the built app (run `npm run openapi` after changing a route or DTO)', async () => {
    const result = await check(ROOT);
    expect(result.out).toContain('openapi.json is up to date');
    expect(result.code).toBe(0);
  });

  it('is written with sorted keys and unique operation ids', async () => {
    const text = await readFile(join(ROOT, 'openapi.json'), 'utf8');
    const spec = JSON.parse(text);
    const keys = Object.keys(spec);
    expect(keys).toEqual([...keys].sort());
    const ids = Object.values(spec.paths as Record<string, Record<string, { operationId: string }>>).flatMap((ops) =>
      Object.values(ops).map((op) => op.operationId),
    );
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('fails the check when the committed spec is stale', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'docqa-openapi-check-'));
    try {
      await copyFile(join(ROOT, 'openapi.json'), join(dir, 'openapi.json'));
      const spec = JSON.parse(await readFile(join(dir, 'openapi.json'), 'utf8'));
      delete spec.paths['/api/v1/health'];
      await writeFile(join(dir, 'openapi.json'), JSON.stringify(spec, null, 2));
      const result = await check(dir);
      expect(result.code).toBe(1);
      expect(result.out).toContain('openapi.json is stale: run `npm run openapi`');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
