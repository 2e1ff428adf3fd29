import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDataDir, TempDir } from '../../../../test/support/test-env';

// Each command is a fresh process that starts PGlite (and initdb for its scratch database).

const ROOT = join(__dirname, '../../../..');
const CLI = join(ROOT, 'dist/libs/core/src/database/migration.cli.js');

interface Result {
  code: number | null;
  output: string;
}

/** What `npm run migration:<command>` runs, against the built dist, with only DATA_DIR set. */
function cli(args: string[], dataDir: string): Promise<Result> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
  const proc = spawn(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, DATA_DIR: dataDir, NODE_ENV: 'test' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  proc.stdout.on('data', (c: Buffer) => (output += c.toString()));
  proc.stderr.on('data', (c: Buffer) => (output += c.toString()));
  return new Promise((resolve) => proc.once('exit', (code) => resolve({ code, output })));
}

/** A data source module like ormconfig.js, with one entity that no migration creates. */
async function dataSourceWithExtraEntity(dir: string): Promise<string> {
  const file = join(dir, 'extra-entity.datasource.js');
  await writeFile(
    file,
    `const { createDataSource, ENTITY_GLOBS } = require(${JSON.stringify(join(ROOT, 'dist/libs/core/src/database/index.js'))});
const { EntitySchema } = require(${JSON.stringify(join(ROOT, 'node_modules/typeorm'))});
const Widget = new EntitySchema({
  name: 'Widget',
  tableName: 'widgets',
  columns: { id: { type: 'int', primary: true, generated: 'increment' }, label: { type: 'varchar', length: 40 } },
});
exports.default = createDataSource(
  { database: { mode: 'embedded', dataDir: ${JSON.stringify(join(dir, 'pglite'))} } },
  { entities: [...ENTITY_GLOBS, Widget] },
);
`,
  );
  return file;
}

describe('migration CLI (built, embedded database)', () => {
  let data: TempDir;

  beforeAll(async () => {
    data = await tempDataDir();
  });

  afterAll(async () => {
    await data.cleanup();
  });

  it('run applies the migrations to DATA_DIR, then finds nothing pending', async () => {
    const first = await cli(['run'], data.dir);
    expect(first).toMatchObject({ code: 0 });
    expect(first.output).toMatch(/applied: Init\d{13}/);
    expect(first.output).toContain(`created the embedded database in ${join(data.dir, 'pglite')}`);
    const again = await cli(['run'], data.dir);
    expect(again).toMatchObject({ code: 0 });
    expect(again.output).toContain('no pending migrations');
    expect(existsSync(join(data.dir, 'pglite', 'docqa.lock'))).toBe(false);
  });

  it('check passes when the entities and the migrations agree', async () => {
    const result = await cli(['check'], data.dir);
    expect(result.output).toContain('entities and migrations agree');
    expect(result.code).toBe(0);
  });

  it('check fails, and generate writes the missing migration, when an entity has no migration', async () => {
    const dataSource = await dataSourceWithExtraEntity(data.dir);
    const check = await cli(['check', '--data-source', dataSource], data.dir);
    expect(check.code).toBe(1);
    expect(check.output).toContain('CREATE TABLE "widgets"');

    const generate = await cli(['generate', 'AddWidgets', '--data-source', dataSource, '--out', data.dir], data.dir);
    expect(generate.code).toBe(0);
    const written = (await readdir(data.dir)).filter((f) => /^\d{13}-AddWidgets\.ts$/.test(f));
    expect(written).toHaveLength(1);
    const source = await readFile(join(data.dir, written[0]), 'utf8');
    const timestamp = written[0].slice(0, 13);
    expect(source).toContain(`export class AddWidgets${timestamp} implements MigrationInterface`);
    expect(source).toContain('CREATE TABLE "widgets"');
    expect(source).toContain('DROP TABLE "widgets"');
  });

  it('revert undoes the last migration', async () => {
    const last = (await readdir(join(__dirname, '../../../../migrations')))
      .filter((f) => /^\d{13}-\w+\.ts$/.test(f))
      .sort()
      .at(-1)!;
    const [timestamp, name] = last.replace(/\.ts$/, '').split('-');
    const result = await cli(['revert'], data.dir);
    expect(result.code).toBe(0);
    expect(result.output).toContain(`reverted: ${name}${timestamp}`);
  });
});
