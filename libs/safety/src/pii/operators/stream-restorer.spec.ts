import { StreamRestorer } from './stream-restorer';
import { TokenVault } from './token-vault';

function vaultWith(values: Array<[Parameters<TokenVault['tokenFor']>[0], string]>): TokenVault {
  const vault = new TokenVault();
  for (const [type, value] of values) vault.tokenFor(type, value);
  return vault;
}

/** Feeds the pieces one by one; returns what was shown after each piece and at the end. */
function stream(restorer: StreamRestorer, pieces: string[]): string[] {
  return [...pieces.map((p) => restorer.push(p)), restorer.end()];
}

describe('StreamRestorer', () => {
  const vault = vaultWith([
    ['PERSON', 'Ada Lovelace'],
    ['EMAIL_ADDRESS', 'ada@example.com'],
  ]);
  const answer = 'Write to <PERSON_1> at <EMAIL_ADDRESS_1>, or ask <PERSON_1> <directly>.';
  const restored = 'Write to Ada Lovelace at ada@example.com, or ask Ada Lovelace <directly>.';

  it('restores tokens split across streamed pieces at every possible split point', () => {
    for (let i = 1; i < answer.length; i++) {
      for (let j = i + 1; j <= answer.length; j++) {
        const pieces = [answer.slice(0, i), answer.slice(i, j), answer.slice(j)];
        const out = stream(new StreamRestorer(vault), pieces).join('');
        if (out !== restored) throw new Error(`split at ${i},${j}: ${JSON.stringify(pieces)} -> ${out}`);
      }
    }
  });

  it('restores a token streamed one character at a time, showing nothing of it until it is whole', () => {
    const restorer = new StreamRestorer(vault);
    const shown = stream(restorer, [...'Hi <PERSON_1>!']);
    expect(shown.join('')).toBe('Hi Ada Lovelace!');
    // "<", "<P", ... "<PERSON_1" are held back; the closing ">" releases the whole name at once.
    expect(shown.slice(3, 12)).toEqual(Array(9).fill(''));
    expect(shown[12]).toBe('Ada Lovelace');
  });

  it('passes other text on at once: a "<" that cannot start a token is not held', () => {
    const restorer = new StreamRestorer(vault);
    expect(restorer.push('if a < b')).toBe('if a < b');
    expect(restorer.push(' and <b>bold</b>')).toBe(' and <b>bold</b>');
    expect(restorer.push('x <')).toBe('x ');
    expect(restorer.push('= y')).toBe('<= y');
  });

  it('flushes a held partial token that never completes, and leaves unknown tokens as written', () => {
    const restorer = new StreamRestorer(vault);
    expect(restorer.push('ends with <PERS')).toBe('ends with ');
    expect(restorer.end()).toBe('<PERS');
    expect(stream(new StreamRestorer(vault), ['<PERSON_', '9> ok']).join('')).toBe('<PERSON_9> ok');
  });

  it('holds nothing back when nothing was tokenized', () => {
    const restorer = new StreamRestorer(new TokenVault());
    expect(restorer.push('<PERSON_')).toBe('<PERSON_');
  });
});
