import { randomBytes } from 'node:crypto';
import { chmod, link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import type { AppConfig } from '@docqa/core';
import { keyIdOf, SecretBox } from './secret-box';

/** Where a key is generated when ENCRYPTION_KEY is unset outside production, relative to DATA_DIR. */
export const GENERATED_KEY_FILE = join('secrets', 'encryption.key');

function parseKeyFile(text: string, file: string): Buffer {
  const raw = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
  if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte key (base64 or 64 hex characters)`);
  return key;
}

async function readKeyFile(file: string): Promise<Buffer | undefined> {
  try {
    return parseKeyFile(await readFile(file, 'utf8'), file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * Reads the generated key, creating it on first use. The key is written to a private temporary file and
 * linked into place, so a process starting at the same moment reads either nothing or the whole key, and
 * the first process to link wins.
 */
async function readOrCreateKeyFile(file: string, dir: string): Promise<{ key: Buffer; created: boolean }> {
  const existing = await readKeyFile(file);
  if (existing) return { key: existing, created: false };
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  let created = true;
  try {
    await chmod(tmp, 0o600);
    await link(tmp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    created = false;
  } finally {
    await unlink(tmp);
  }
  const key = await readKeyFile(file);
  if (!key) throw new Error(`${file} vanished while it was being created`);
  return { key, created };
}

/**
 * The keys stored secrets are sealed with. ENCRYPTION_KEY (required in production by the configuration)
 * is the current key and ENCRYPTION_KEY_PREVIOUS the keys it replaced. Without ENCRYPTION_KEY (development,
 * tests, a first `npm start`) a key is generated once under DATA_DIR, so embedded mode needs no setup; a
 * warning says to set ENCRYPTION_KEY for production. When ENCRYPTION_KEY is set later, the generated key
 * still opens what it sealed, until `npm run vault:reencrypt` has moved those values to ENCRYPTION_KEY.
 */
export async function loadSecretBox(
  config: Pick<AppConfig, 'env' | 'dataDir' | 'secrets'>,
  logger: Pick<Logger, 'warn' | 'log'> = new Logger('Vault'),
): Promise<SecretBox> {
  const dir = join(config.dataDir, 'secrets');
  const file = join(config.dataDir, GENERATED_KEY_FILE);
  const previous = config.secrets.previousEncryptionKeys;
  const configured = config.secrets.encryptionKey;
  if (configured) {
    const generated = await readKeyFile(file);
    if (generated && !generated.equals(configured)) {
      logger.log(
        `also opening secrets sealed with the generated key ${keyIdOf(generated)} in ${file}; ` +
          'run `npm run vault:reencrypt` to re-seal them with ENCRYPTION_KEY, then delete that file',
      );
      return new SecretBox(configured, [...previous, generated]);
    }
    return new SecretBox(configured, previous);
  }
  if (config.env === 'production') throw new Error('ENCRYPTION_KEY is required when NODE_ENV=production');
  const { key, created } = await readOrCreateKeyFile(file, dir);
  logger.warn(
    `ENCRYPTION_KEY is not set: stored secrets are encrypted with the key ${created ? 'generated now' : 'generated earlier'} ` +
      `in ${file}. Set ENCRYPTION_KEY for production (and keep it: without its key a stored secret cannot be read).`,
  );
  return new SecretBox(key, previous);
}
