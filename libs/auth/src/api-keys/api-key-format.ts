import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/** Every DocQA API key starts with this, so secret scanners and people recognise one. */
export const API_KEY_PREFIX = 'dq_';

// Lower-case letters and digits without the look-alikes 0/o, 1/l: the public id is read aloud and typed.
const PUBLIC_ID_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';
const PUBLIC_ID_LENGTH = 8;
const SECRET_BYTES = 32;
const KEY_PATTERN = new RegExp(
  `^${API_KEY_PREFIX}([${PUBLIC_ID_ALPHABET}]{${PUBLIC_ID_LENGTH}})_([A-Za-z0-9_-]{${Math.ceil((SECRET_BYTES * 4) / 3)}})$`,
);

export interface GeneratedApiKey {
  /** The whole key, `dq_<publicId>_<secret>`: shown once, never stored. */
  key: string;
  publicId: string;
  /** What listings show: `dq_<publicId>`. */
  prefix: string;
  hash: string;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function generateApiKey(): GeneratedApiKey {
  let publicId = '';
  for (let i = 0; i < PUBLIC_ID_LENGTH; i++) publicId += PUBLIC_ID_ALPHABET[randomInt(PUBLIC_ID_ALPHABET.length)];
  const key = `${API_KEY_PREFIX}${publicId}_${randomBytes(SECRET_BYTES).toString('base64url')}`;
  return { key, publicId, prefix: `${API_KEY_PREFIX}${publicId}`, hash: hashApiKey(key) };
}

/** The public id of a well-formed key, or undefined: malformed input never reaches the database. */
export function publicIdOf(key: string): string | undefined {
  return typeof key === 'string' ? KEY_PATTERN.exec(key)?.[1] : undefined;
}

/** Constant-time comparison of a presented key with a stored hash. */
export function apiKeyMatches(key: string, storedHash: string): boolean {
  const presented = Buffer.from(hashApiKey(key), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
