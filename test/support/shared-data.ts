import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describeIf } from './test-env';

/**
 * The team's shared real data (`../shared` beside the checkout): the document corpus and SciFact. It is
 * never copied into the project, so suites that read it skip, saying why, where it is absent.
 */
export const SHARED_DIR = resolve(__dirname, '../../../shared');
export const CORPUS_DIR = join(SHARED_DIR, 'corpus');
export const SCIFACT_DIR = join(SHARED_DIR, 'datasets', 'scifact');

export const describeWithCorpus = describeIf(existsSync(CORPUS_DIR), '../shared/corpus is absent');
export const describeWithScifact = describeIf(existsSync(SCIFACT_DIR), '../shared/datasets/scifact is absent');
