import commonPasswords from './common-passwords.json';

export const PASSWORD_MIN_LENGTH = 12;
/** argon2 hashes any length, but a megabyte "password" is only a way to burn CPU. */
export const PASSWORD_MAX_LENGTH = 256;

const COMMON = new Set(commonPasswords.passwords.map((p) => p.toLowerCase()));

/**
 * NIST SP 800-63B style: a minimum length and a deny-list of common passwords, no composition rules.
 * Returns why the password is refused, or null when it is acceptable.
 */
export function passwordProblem(password: string, email?: string): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return `password must be at least ${PASSWORD_MIN_LENGTH} characters long`;
  if (length > PASSWORD_MAX_LENGTH) return `password must be at most ${PASSWORD_MAX_LENGTH} characters long`;
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) return 'password is too common: choose one that is not on lists of frequently used passwords';
  if (new Set(lower).size === 1) return 'password must not repeat a single character';
  if (email && lower.includes(email.toLowerCase().split('@')[0]) && email.split('@')[0].length >= 4) {
    return 'password must not contain the email address';
  }
  return null;
}
