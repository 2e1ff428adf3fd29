import { createHash, randomBytes } from 'node:crypto';

const PREFIX = 'rt_';

/** A new opaque refresh token: 256 random bits, with a prefix that secret scanners can match. */
export function newRefreshToken(): string {
  return PREFIX + randomBytes(32).toString('base64url');
}

/** What is stored and looked up: the hex sha256 of the whole token. */
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
