import commonPasswords from './common-passwords.json';
import { PASSWORD_MIN_LENGTH, passwordProblem } from './password-policy';

describe('password policy', () => {
  it('accepts a long passphrase', () => {
    expect(passwordProblem('correct horse battery staple 42', 'someone@example.test')).toBeNull();
  });

  it('needs at least 12 characters, counted as characters rather than bytes', () => {
    expect(passwordProblem('eleven char')).toMatch(/at least 12/);
    expect(passwordProblem('ünïcödé-pàss')).toBeNull();
    expect(passwordProblem('🔑'.repeat(PASSWORD_MIN_LENGTH - 1))).toMatch(/at least 12/);
    expect(passwordProblem('x'.repeat(257))).toMatch(/at most 256/);
  });

  it('refuses every listed password of acceptable length, in any letter case', () => {
    const long = commonPasswords.passwords.filter((p) => p.length >= PASSWORD_MIN_LENGTH);
    expect(long.length).toBeGreaterThan(50);
    for (const p of long)
      expect({ p, problem: passwordProblem(p.toUpperCase()) }).toEqual({
        p,
        problem: expect.stringMatching(/too common/),
      });
  });

  it('ships a deduplicated, lower-case list that says where it came from', () => {
    expect(commonPasswords.source).toMatch(/nothing was downloaded/);
    expect(commonPasswords.passwords.length).toBeGreaterThan(300);
    expect(new Set(commonPasswords.passwords).size).toBe(commonPasswords.passwords.length);
    expect(commonPasswords.passwords.every((p) => p === p.toLowerCase())).toBe(true);
  });

  it('refuses one repeated character and the email address inside the password', () => {
    expect(passwordProblem('zzzzzzzzzzzzzz')).toMatch(/single character/);
    expect(passwordProblem('Jane.Doe-is-the-best', 'jane.doe@example.test')).toMatch(/email/);
  });
});
