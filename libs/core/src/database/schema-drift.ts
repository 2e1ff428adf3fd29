import type { DataSource } from 'typeorm';

export interface SchemaQuery {
  query: string;
  parameters?: unknown[];
}

export interface SchemaDrift {
  /** What would bring the database to the entities; empty when they match. */
  up: SchemaQuery[];
  /** What undoes `up`, in the order to run it. */
  down: SchemaQuery[];
}

/** Compares the entities with the schema of the (migrated) database, as `migration:generate` does. */
export async function findSchemaDrift(dataSource: DataSource): Promise<SchemaDrift> {
  const sql = await dataSource.driver.createSchemaBuilder().log();
  return { up: sql.upQueries, down: [...sql.downQueries].reverse() };
}

function statement(q: SchemaQuery): string {
  const text = q.query.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${');
  const params = q.parameters?.length ? `, ${JSON.stringify(q.parameters)}` : '';
  return `    await queryRunner.query(\`${text}\`${params});`;
}

/** The source of `migrations/<timestamp>-<name>.ts`; TypeORM needs the timestamp at the end of the class name. */
export function migrationSource(name: string, timestamp: number, drift: SchemaDrift): string {
  const className = `${name}${timestamp}`;
  return [
    `import { MigrationInterface, QueryRunner } from 'typeorm';`,
    ``,
    `export class ${className} implements MigrationInterface {`,
    `  name = '${className}';`,
    ``,
    `  public async up(queryRunner: QueryRunner): Promise<void> {`,
    ...drift.up.map(statement),
    `  }`,
    ``,
    `  public async down(queryRunner: QueryRunner): Promise<void> {`,
    ...drift.down.map(statement),
    `  }`,
    `}`,
    ``,
  ].join('\n');
}
