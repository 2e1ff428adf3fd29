import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

/** Reads the delivery files (Dockerfile, compose, CI) as they are committed, relative to the repository root. */
export const REPO_ROOT = resolve(__dirname, '../..');

export function repoPath(...parts: string[]): string {
  return join(REPO_ROOT, ...parts);
}

export function readRepoFile(path: string): string {
  const full = repoPath(path);
  if (!existsSync(full)) throw new Error(`${path} is missing`);
  return readFileSync(full, 'utf8');
}

/** YAML with merge keys (`<<: *anchor`) resolved, as Docker Compose reads it. */
export function readYaml<T = Record<string, unknown>>(path: string): T {
  return parse(readRepoFile(path), { merge: true }) as T;
}

export function readPackageScripts(): Record<string, string> {
  return (JSON.parse(readRepoFile('package.json')) as { scripts: Record<string, string> }).scripts;
}
