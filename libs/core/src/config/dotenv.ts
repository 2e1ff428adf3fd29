import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** Reads `.env` from the working directory when present; variables already set in the environment win. */
export function loadDotEnv(cwd: string = process.cwd()): void {
  const file = resolve(cwd, '.env');
  if (existsSync(file)) process.loadEnvFile(file);
}
