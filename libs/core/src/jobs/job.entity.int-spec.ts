import { createDataSource, DocqaDataSource } from '../database';
import { databaseFor, databaseModes, testConfig } from '../../../../test/support/test-env';
import { JobEntity } from './job.entity';

// Starting the embedded database takes seconds; jest ignores `testTimeout` in a project's configuration.

describe.each(databaseModes())('JobEntity on the %s database', (mode) => {
  let cleanup: () => Promise<void>;
  let dataSource: DocqaDataSource;

  beforeAll(async () => {
    const db = await databaseFor(mode);
    cleanup = db.cleanup;
    dataSource = createDataSource(testConfig(db.env), { entities: [JobEntity] });
    await dataSource.initialize();
    await dataSource.runMigrations();
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await cleanup?.();
  });

  it('matches the jobs table the migrations create, so migration:generate finds no drift', async () => {
    const sql = await dataSource.driver.createSchemaBuilder().log();
    expect(sql.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('reads and writes a job through TypeORM', async () => {
    const repo = dataSource.getRepository(JobEntity);
    const saved = await repo.save(
      repo.create({ queue: 'ingestion', name: 'ingest', payload: { documentId: 'd1' }, maxAttempts: 3, backoffMs: 50 }),
    );
    const read = await repo.findOneByOrFail({ id: saved.id });
    expect(read).toMatchObject({
      status: 'waiting',
      attemptsMade: 0,
      backoffType: 'exponential',
      payload: { documentId: 'd1' },
    });
    expect(read.runAt).toBeInstanceOf(Date);
  });
});
