import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Test, TestingModule } from '@nestjs/testing';
import { getRepositoryToken, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import {
  createTempDatabase,
  databaseFor,
  databaseModes,
  describeWithPostgres,
  testConfig,
} from '../../../../test/support/test-env';
import { JobEntity } from '../jobs/job.entity';
import { DatabaseModule } from './database.module';
import { createDataSource, DocqaDataSource } from './docqa-data-source';
import { isAlive } from './embedded/process-identity';
import { LOCK_FILE_NAME } from './embedded/data-dir-lock';
import { pingDatabase } from './ping-database';
import { findSchemaDrift } from './schema-drift';

// Starting PGlite (initdb on first start) takes seconds, more on a loaded machine.

async function tableNames(dataSource: DataSource): Promise<string[]> {
  const rows: { table_name: string }[] = await dataSource.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
  );
  return rows.map((r) => r.table_name);
}

async function hasVectorExtension(dataSource: DataSource): Promise<boolean> {
  const rows: unknown[] = await dataSource.query(`SELECT 1 FROM pg_extension WHERE extname = 'vector'`);
  return rows.length === 1;
}

describe.each(databaseModes())('DatabaseModule on the %s database', (mode) => {
  let db: Awaited<ReturnType<typeof databaseFor>>;
  let moduleRef: TestingModule;
  let dataSource: DocqaDataSource;

  beforeAll(async () => {
    db = await databaseFor(mode);
    const config = testConfig(db.env);
    moduleRef = await Test.createTestingModule({
      imports: [DatabaseModule.forRoot(config), TypeOrmModule.forFeature([JobEntity])],
    }).compile();
    await moduleRef.init();
    dataSource = moduleRef.get(DataSource);
  });

  afterAll(async () => {
    await moduleRef?.close();
    await db?.cleanup();
  });

  it('opens the DocqaDataSource and applies the migrations at startup', async () => {
    expect(dataSource).toBeInstanceOf(DocqaDataSource);
    // Every entity's table, found by the entity glob across the libs, and the migrations' own table.
    const entityTables = dataSource.entityMetadatas.map((m) => m.tableName);
    expect(entityTables).toContain('jobs');
    // TypeORM's bookkeeping: applied migrations, and the expressions of generated columns. Tables kept by
    // triggers alone (the keyword index's postings and statistics) have no entity, so this is a superset.
    expect(await tableNames(dataSource)).toEqual(
      expect.arrayContaining([...entityTables, 'migrations', 'typeorm_metadata']),
    );
    expect(await hasVectorExtension(dataSource)).toBe(true);
    const [{ distance }] = await dataSource.query(`SELECT '[1,2,3]'::vector <=> '[1,2,4]'::vector AS distance`);
    expect(distance).toBeCloseTo(0.00854, 4);
    await expect(pingDatabase(dataSource, 2_000)).resolves.toBeUndefined();
  });

  it('has no drift between the entities and the migrations', async () => {
    expect((await findSchemaDrift(dataSource)).up).toEqual([]);
  });

  it('gives stage modules repositories through TypeOrmModule.forFeature', async () => {
    const jobs = moduleRef.get<Repository<JobEntity>>(getRepositoryToken(JobEntity));
    const saved = await jobs.save(
      jobs.create({ queue: 'q', name: 'n', payload: { a: 1 }, maxAttempts: 3, backoffMs: 10 }),
    );
    const found = await jobs.findOneByOrFail({ id: saved.id });
    expect(found).toMatchObject({ status: 'waiting', attemptsMade: 0, backoffType: 'exponential', payload: { a: 1 } });
    expect(found.id).toMatch(/^[0-9a-f-]{36}$/);
    await jobs.delete({ id: saved.id });
  });

  it('reverts every migration down to nothing, keeps the vector extension, and applies them again', async () => {
    const tables = await tableNames(dataSource);
    expect(tables).toContain('jobs');
    const names = dataSource.migrations.map((m) => m.name);
    expect(names[0]).toMatch(/^Init\d{13}$/);
    for (let i = 0; i < names.length; i++) await dataSource.undoLastMigration();
    expect(await tableNames(dataSource)).toEqual(['migrations', 'typeorm_metadata']);
    expect(await hasVectorExtension(dataSource)).toBe(true);
    // Entities without their tables are drift: the check would fail.
    const drift = await findSchemaDrift(dataSource);
    expect(drift.up.map((q) => q.query).join('\n')).toContain('CREATE TABLE "jobs"');

    expect((await dataSource.runMigrations()).map((m) => m.name)).toEqual(names);
    expect(await tableNames(dataSource)).toEqual(tables);
    expect((await findSchemaDrift(dataSource)).up).toEqual([]);
  });

  if (mode === 'embedded') {
    it('stops the database process and releases the data directory when the app closes', async () => {
      const embedded = dataSource.embeddedDatabase!;
      const childPid = embedded.pid!;
      const lockFile = join(embedded.dataDir, LOCK_FILE_NAME);
      expect(existsSync(lockFile)).toBe(true);
      await moduleRef.close();
      expect(isAlive({ pid: childPid })).toBe(false);
      expect(existsSync(lockFile)).toBe(false);
      await expect(pingDatabase(dataSource, 500)).rejects.toThrow('closed');
    });
  }
});

describeWithPostgres('migrations on a shared PostgreSQL', () => {
  it('are applied once when several processes start at the same time', async () => {
    const db = await createTempDatabase();
    const sources = [1, 2, 3].map(() =>
      createDataSource({ database: { mode: 'server', url: db.url, poolSize: 2, ssl: false } }),
    );
    try {
      await Promise.all(sources.map((s) => s.initialize()));
      const applied = await Promise.all(sources.map((s) => s.runMigrations()));
      const names = sources[0].migrations.map((m) => m.name);
      expect(names[0]).toMatch(/^Init\d{13}$/);
      // Each migration ran once, in one of the processes.
      expect(applied.flat().map((m) => m.name)).toEqual(names);
      const [{ count }] = await sources[0].query(`SELECT count(*)::int AS count FROM migrations`);
      expect(count).toBe(names.length);
    } finally {
      await Promise.allSettled(sources.map((s) => s.destroy()));
      await db.drop();
    }
  });
});
