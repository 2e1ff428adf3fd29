import { randomBytes } from 'node:crypto';
import { chmod, link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import type { AppConfig } from '@docqa/core';

/** DI token of the secret that signs access tokens. */
export const JWT_SECRET = Symbol('JWT_SECRET');

/** Where the secret is generated when JWT_SECRET is unset outside production, relative to DATA_DIR. */
export const GENERATED_JWT_SECRET_FILE = join('secrets', 'jwt.key');

async function readSecretFile(file: string): Promise<string | undefined> {
  try {
    const secret = (await readFile(file, 'utf8')).trim();
    if (secret.length < 32) throw new Error(`${file} holds fewer than 32 characters; delete it to generate a new one`);
    return secret;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * JWT_SECRET when configured (the configuration requires it in production). Otherwise a secret is
 * generated once under DATA_DIR (mode 0600, written to a private temporary file and linked into place so
 * two processes starting together agree on one), and a warning says to configure it.
 */
export async function loadJwtSecret(
  config: Pick<AppConfig, 'env' | 'dataDir' | 'auth'>,
  logger: Pick<Logger, 'warn'> = new Logger('Auth'),
): Promise<string> {
  if (config.auth.jwtSecret) return config.auth.jwtSecret;
  if (config.env === 'production') throw new Error('JWT_SECRET is required when NODE_ENV=production');
  const file = join(config.dataDir, GENERATED_JWT_SECRET_FILE);
  let secret = await readSecretFile(file);
  let created = false;
  if (!secret) {
    const dir = join(config.dataDir, 'secrets');
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(tmp, `${randomBytes(48).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    try {
      await chmod(tmp, 0o600);
      await link(tmp, file);
      created = true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      await unlink(tmp);
    }
    secret = await readSecretFile(file);
    if (!secret) throw new Error(`${file} vanished while it was being created`);
  }
  logger.warn(
    `JWT_SECRET is not set: access tokens are signed with the secret ${created ? 'generated now' : 'generated earlier'} ` +
      `in ${file}. Set JWT_SECRET for production.`,
  );
  return secret;
}
