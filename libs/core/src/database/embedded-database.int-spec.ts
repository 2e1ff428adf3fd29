import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDataDir, TempDir } from '../../../../test/support/test-env';
import { createDataSource, DocqaDataSource } from './docqa-data-source';
import { DataDirLockedError, LOCK_FILE_NAME } from './embedded/data-dir-lock';
import { isAlive } from './embedded/process-identity';
import { pingDatabase } from './ping-database';

// Starting PGlite (initdb on first start) takes seconds, more on a loaded machine.

const DIST_DATA_SOURCE = join(__dirname, '../../../../dist/libs/core/src/database/docqa-data-source.js');

function embedded(dataDir: string): DocqaDataSource {
  return createDataSource({ database: { mode: 'embedded', dataDir } });
}

async function waitFor(what: string, condition: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Another process (built code, Node 24) holding the embedded database open, as a second API would. */
function startHolder(dataDir: string): Promise<{ proc: ChildProcess; pid: number; serverPid: number }> {
  if (!existsSync(DIST_DATA_SOURCE)) throw new Error(`${DIST_DATA_SOURCE} is missing: run \`npm run build\` first`);
  const script = `
    const ds = require(process.argv[1]).createDataSource({ database: { mode: 'embedded', dataDir: process.argv[2] } });
    ds.initialize().then(
      () => { console.log('HOLDER ' + JSON.stringify({ pid: process.pid, serverPid: ds.embeddedDatabase.pid })); setInterval(() => {}, 1000); },
      (err) => { console.error(err.message); process.exit(1); },
    );`;
  const proc = spawn(process.execPath, ['-e', script, DIST_DATA_SOURCE, dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /HOLDER (\{.*\})/.exec(out);
      if (m) resolve({ proc, ...(JSON.parse(m[1]) as { pid: number; serverPid: number }) });
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.once('exit', (code) => reject(new Error(`holder exited with ${code}:\n${out}`)));
  });
}

describe('embedded database', () => {
  let data: TempDir;
  let dataDir: string;
  let dataSource: DocqaDataSource;

  beforeAll(async () => {
    data = await tempDataDir();
    dataDir = join(data.dir, 'pglite');
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await data.cleanup();
  });

  it('keeps its data across a close and a reopen, and starts quickly', async () => {
    let began = Date.now();
    const first = embedded(dataDir);
    await first.initialize();
    const firstStartMs = Date.now() - began;
    await first.runMigrations();
    await first.query(
      `INSERT INTO jobs (queue, name, payload, max_attempts, backoff_ms) VALUES ('q', 'kept', '{}', 1, 0)`,
    );
    await first.destroy();

    began = Date.now();
    dataSource = embedded(dataDir);
    await dataSource.initialize();
    const laterStartMs = Date.now() - began;
    expect(await dataSource.query(`SELECT name FROM jobs`)).toEqual([{ name: 'kept' }]);

    process.stdout.write(`embedded start: first (initdb) ${firstStartMs} ms, later ${laterStartMs} ms\n`);
    // Targets on a quiet machine are 8 s and 3 s (measured about 3 s and 0.5 s); these bounds leave room for
    // test files competing for the CPU and still catch a start that waits on a timeout.
    expect(firstStartMs).toBeLessThan(20_000);
    expect(laterStartMs).toBeLessThan(5_000);
  });

  it('refuses a second opener of the same directory in this process', async () => {
    const error: unknown = await embedded(dataDir)
      .initialize()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataDirLockedError);
    expect((error as Error).message).toContain(`embedded database in ${dataDir}`);
    expect((error as Error).message).toContain(`this process (pid ${process.pid})`);
  });

  it('keeps the event loop responsive while a slow query runs', async () => {
    const gaps: number[] = [];
    let last = Date.now();
    const timer = setInterval(() => {
      gaps.push(Date.now() - last);
      last = Date.now();
    }, 20);
    try {
      await dataSource.query('SELECT pg_sleep(1)');
    } finally {
      clearInterval(timer);
    }
    expect(gaps.length).toBeGreaterThanOrEqual(20);
    expect(Math.max(...gaps)).toBeLessThan(250);
  });

  it('reports a crashed database process through the ping and restarts it', async () => {
    const embeddedDb = dataSource.embeddedDatabase!;
    const crashedPid = embeddedDb.pid!;
    process.kill(crashedPid, 'SIGKILL');
    await waitFor('the crash is noticed', () => !embeddedDb.running);
    await expect(pingDatabase(dataSource, 1_000)).rejects.toThrow('not running');
    await expect(dataSource.query('SELECT 1')).rejects.toThrow();

    await waitFor('the database process is back', () => embeddedDb.running);
    expect(embeddedDb.pid).not.toBe(crashedPid);
    await pingDatabase(dataSource, 2_000);
    expect(await dataSource.query(`SELECT name FROM jobs`)).toEqual([{ name: 'kept' }]);
  });

  it('takes over a lock left by a process that no longer exists', async () => {
    await dataSource.destroy();
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    const lockFile = join(dataDir, LOCK_FILE_NAME);
    writeFileSync(
      lockFile,
      JSON.stringify({ owner: { pid: dead }, hostname: 'x', createdAt: new Date().toISOString() }),
    );

    dataSource = embedded(dataDir);
    await dataSource.initialize();
    expect(JSON.parse(readFileSync(lockFile, 'utf8')).owner.pid).toBe(process.pid);
    await dataSource.destroy();
    expect(existsSync(lockFile)).toBe(false);
  });

  it('refuses a directory another process holds, then opens it once that process was killed', async () => {
    const holder = await startHolder(dataDir);
    try {
      const error: unknown = await embedded(dataDir)
        .initialize()
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DataDirLockedError);
      const message = (error as Error).message;
      expect(message).toContain(dataDir);
      expect(message).toContain(`process ${holder.pid}`);
      expect(message).toMatch(/Stop that process, or set DATABASE_URL/);

      holder.proc.kill('SIGKILL');
      // Orphaned, the database process notices the closed IPC channel and exits by itself.
      await waitFor('the orphaned database process exits', () => !isAlive({ pid: holder.serverPid }), 10_000);
    } finally {
      holder.proc.kill('SIGKILL');
    }
    dataSource = embedded(dataDir);
    await dataSource.initialize();
    expect(await dataSource.query(`SELECT name FROM jobs`)).toEqual([{ name: 'kept' }]);
  });
});
