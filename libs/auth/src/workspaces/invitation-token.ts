import { createHash, randomBytes } from 'node:crypto';

/** Invitation tokens: 256 random bits, stored as sha256 like refresh tokens. */
export function newInvitationToken(): string {
  return 'inv_' + randomBytes(32).toString('base64url');
}

export function hashInvitationToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000;
