import { join, resolve } from 'node:path';

/**
 * Where entities and migrations are found. This file sits at libs/core/src/database both in the sources
 * (jest runs the .ts files) and in dist (the compiled .js files), so one relative path serves both.
 */
export const PROJECT_ROOT = resolve(__dirname, '../../../..');

export const ENTITY_GLOBS = [join(PROJECT_ROOT, 'libs/*/src/**/*.entity.{ts,js}')];

export const MIGRATION_GLOBS = [join(PROJECT_ROOT, 'migrations/*.{ts,js}')];
