import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DocqaDataSource } from './docqa-data-source';
import { createScratchDatabase } from './scratch-database';
import { findSchemaDrift, migrationSource, SchemaDrift } from './schema-drift';
import { PROJECT_ROOT } from './schema-paths';

const USAGE = `usage: migration.cli.js <command> [options]

commands:
  run                 apply pending migrations to the configured database
  revert              undo the last applied migration
  generate <Name>     write migrations/<epoch>-<Name>.ts with what the entities need beyond the migrations
  check               exit 1 when the entities and the migrations disagree

options:
  --data-source FILE  module whose default export is the DataSource (default: ormconfig.js of this build)
  --out DIR           where generate writes (default: ./migrations)

The configured database is DATABASE_URL, or the embedded one under DATA_DIR. generate and check compare on
a scratch database of the same kind, so they neither need nor change the configured one.`;

function loadDataSource(file: string): DocqaDataSource {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const exported = require(resolve(file)) as { default?: unknown };
  const dataSource = exported.default ?? exported;
  if (!(dataSource instanceof DocqaDataSource)) {
    throw new Error(`${file} must default-export a DocqaDataSource (createDataSource(loadConfig()))`);
  }
  return dataSource;
}

/** Applies every migration to an empty database of the same kind and compares the result with the entities. */
async function driftFromMigrations(dataSource: DocqaDataSource): Promise<SchemaDrift> {
  const scratch = await createScratchDatabase(dataSource.appConfig.database);
  try {
    const compared = dataSource.forDatabase(scratch.database);
    await compared.initialize();
    try {
      await compared.runMigrations();
      return await findSchemaDrift(compared);
    } finally {
      await compared.destroy();
    }
  } finally {
    await scratch.drop();
  }
}

async function withDataSource<T>(dataSource: DocqaDataSource, work: () => Promise<T>): Promise<T> {
  await dataSource.initialize();
  try {
    return await work();
  } finally {
    await dataSource.destroy();
  }
}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { 'data-source': { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean' } },
  });
  const [command, name] = positionals;
  if (values.help || !command) {
    process.stdout.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const dataSource = loadDataSource(values['data-source'] ?? join(PROJECT_ROOT, 'ormconfig.js'));
  switch (command) {
    case 'run': {
      const applied = await withDataSource(dataSource, () => dataSource.runMigrations());
      process.stdout.write(
        applied.length ? `applied: ${applied.map((m) => m.name).join(', ')}\n` : 'no pending migrations\n',
      );
      return 0;
    }
    case 'revert': {
      const reverted = await withDataSource(dataSource, async () => {
        const table = dataSource.options.migrationsTableName ?? 'migrations';
        const [{ exists }] = await dataSource.query(`SELECT to_regclass($1) IS NOT NULL AS exists`, [table]);
        const [last] = exists ? await dataSource.query(`SELECT name FROM "${table}" ORDER BY id DESC LIMIT 1`) : [];
        if (last) await dataSource.undoLastMigration();
        return last?.name as string | undefined;
      });
      process.stdout.write(reverted ? `reverted: ${reverted}\n` : 'no migration to revert\n');
      return 0;
    }
    case 'check': {
      const drift = await driftFromMigrations(dataSource);
      if (!drift.up.length) {
        process.stdout.write('entities and migrations agree\n');
        return 0;
      }
      process.stdout.write(
        `entities and migrations disagree; \`npm run migration:generate -- <Name>\` would write:\n\n` +
          `${drift.up.map((q) => `  ${q.query};`).join('\n')}\n`,
      );
      return 1;
    }
    case 'generate': {
      if (!name || !/^[A-Za-z][A-Za-z0-9]*$/.test(name)) {
        process.stderr.write('generate needs a name made of letters and digits, e.g. AddDocuments\n');
        return 2;
      }
      const drift = await driftFromMigrations(dataSource);
      if (!drift.up.length) {
        process.stderr.write('entities and migrations agree: nothing to generate\n');
        return 1;
      }
      const className = name[0].toUpperCase() + name.slice(1);
      const timestamp = Date.now();
      const file = join(resolve(values.out ?? 'migrations'), `${timestamp}-${className}.ts`);
      await writeFile(file, migrationSource(className, timestamp, drift));
      process.stdout.write(`wrote ${file}\n`);
      return 0;
    }
    default:
      process.stderr.write(`unknown command: ${command}\n\n${USAGE}\n`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
