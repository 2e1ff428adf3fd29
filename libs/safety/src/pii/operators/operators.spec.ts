import type { PiiMatch } from '../recognizer';
import { anonymizeMatches, hashValue } from './anonymize';
import { TokenVault } from './token-vault';

const text = 'Mail ada@example.com or bob@example.org, then ada@example.com again.';
const at = (value: string, from = 0): PiiMatch => {
  const start = text.indexOf(value, from);
  return { entityType: 'EMAIL_ADDRESS', start, end: start + value.length, score: 1, recognizer: 'email' };
};
const matches = [at('ada@example.com'), at('bob@example.org'), at('ada@example.com', 30)];

describe('anonymization operators', () => {
  it('mask keeps the length, so offsets into the text stay valid', () => {
    const out = anonymizeMatches(text, matches, { operator: 'mask' });
    expect(out.text).toBe('Mail *************** or ***************, then *************** again.');
    expect(out.text).toHaveLength(text.length);
  });

  it('placeholder writes the entity type, and reports where each replacement sits in the output', () => {
    const out = anonymizeMatches(text, matches, { operator: 'placeholder' });
    expect(out.text).toBe('Mail <EMAIL_ADDRESS> or <EMAIL_ADDRESS>, then <EMAIL_ADDRESS> again.');
    expect(out.items.map((i) => out.text.slice(i.start, i.end))).toEqual([
      '<EMAIL_ADDRESS>',
      '<EMAIL_ADDRESS>',
      '<EMAIL_ADDRESS>',
    ]);
  });

  it('hash gives equal values equal hashes within a salt, and different ones across salts', () => {
    const out = anonymizeMatches(text, matches, { operator: 'hash', hashSalt: 'workspace-a' });
    const hashes = out.items.map((i) => out.text.slice(i.start, i.end));
    expect(hashes[0]).toMatch(/^<EMAIL_ADDRESS:[0-9a-f]{16}>$/);
    expect(hashes[0]).toBe(hashes[2]);
    expect(hashes[0]).not.toBe(hashes[1]);
    expect(hashValue('ada@example.com', 'workspace-a')).not.toBe(hashValue('ada@example.com', 'workspace-b'));
    expect(out.text).not.toContain('ada@');
  });

  it('per-entity operators override the default one', () => {
    const card = 'card 4111 1111 1111 1111 of ada@example.com';
    const cardMatch: PiiMatch = { entityType: 'CREDIT_CARD', start: 5, end: 24, score: 1, recognizer: 'credit-card' };
    const email: PiiMatch = { entityType: 'EMAIL_ADDRESS', start: 28, end: card.length, score: 1, recognizer: 'email' };
    const out = anonymizeMatches(card, [cardMatch, email], {
      operator: 'placeholder',
      perEntity: { CREDIT_CARD: 'mask' },
    });
    expect(out.text).toBe('card ******************* of <EMAIL_ADDRESS>');
    expect(out.items.map((i) => i.operator)).toEqual(['mask', 'placeholder']);
  });
});

describe('tokenize and TokenVault (reversible)', () => {
  it('gives each distinct value its own numbered token and the same value the same token; restore reverses it', () => {
    const vault = new TokenVault();
    const out = anonymizeMatches(text, matches, { operator: 'tokenize', vault });
    expect(out.text).toBe('Mail <EMAIL_ADDRESS_1> or <EMAIL_ADDRESS_2>, then <EMAIL_ADDRESS_1> again.');
    expect(vault.restore(out.text)).toBe(text);
    expect(vault.entries()).toEqual({ '<EMAIL_ADDRESS_1>': 'ada@example.com', '<EMAIL_ADDRESS_2>': 'bob@example.org' });
  });

  it('leaves tokens it never made alone, and skips numbers already written in the input', () => {
    const vault = new TokenVault();
    const input = 'A user typed <EMAIL_ADDRESS_1> literally; the address is ada@example.com.';
    const start = input.indexOf('ada@');
    const out = anonymizeMatches(
      input,
      [{ entityType: 'EMAIL_ADDRESS', start, end: start + 15, score: 1, recognizer: 'email' }],
      { operator: 'tokenize', vault },
    );
    expect(out.text).toBe('A user typed <EMAIL_ADDRESS_1> literally; the address is <EMAIL_ADDRESS_2>.');
    expect(vault.restore(out.text)).toBe('A user typed <EMAIL_ADDRESS_1> literally; the address is ada@example.com.');
    expect(vault.restore('<PERSON_7> and <EMAIL_ADDRESS_9>')).toBe('<PERSON_7> and <EMAIL_ADDRESS_9>');
  });

  it('rebuilds from a returned mapping and goes on numbering after it', () => {
    const vault = TokenVault.fromEntries({ '<PERSON_2>': 'Ada', '<US_SSN_1>': '536-22-1234', bogus: 'x' });
    expect(vault.restore('<PERSON_2>: <US_SSN_1>')).toBe('Ada: 536-22-1234');
    expect(vault.tokenFor('PERSON', 'Bob')).toBe('<PERSON_3>');
    expect(vault.tokenFor('PERSON', 'Ada')).toBe('<PERSON_2>');
  });
});
