import { randomBytes } from 'node:crypto';
import { keyIdOf, SecretBox } from './secret-box';
import { VaultErrorCode, VaultException } from './vault.errors';

const keyA = Buffer.alloc(32, 0xa1);
const keyB = Buffer.alloc(32, 0xb2);

/** The typed error `fn` throws (fails the test when it returns instead). */
function failure(fn: () => unknown): VaultException {
  let result: unknown;
  try {
    result = fn();
  } catch (err) {
    expect(err).toBeInstanceOf(VaultException);
    return err as VaultException;
  }
  throw new Error(`expected a VaultException, got a value: ${JSON.stringify(result)}`);
}

/** `sealed` with one byte of part `index` (2 nonce, 3 ciphertext, 4 tag) flipped, re-encoded canonically. */
function flipByte(sealed: string, index: number, byte = 0): string {
  const parts = sealed.split('.');
  const bytes = Buffer.from(parts[index], 'base64url');
  bytes[byte] ^= 0x01;
  parts[index] = bytes.toString('base64url');
  return parts.join('.');
}

describe('SecretBox', () => {
  const box = new SecretBox(keyA);

  it('round-trips text, including empty and non-ASCII values', () => {
    for (const text of ['sk-live-0123456789abcdef', '', 'clé 🔑 ключ', 'x'.repeat(10_000)]) {
      expect(box.open(box.seal(text))).toBe(text);
    }
  });

  it('writes v1.<keyId>.<nonce>.<ciphertext>.<tag>, the key id being the first 8 bytes of sha256(key)', () => {
    const sealed = box.seal('gsk_secret');
    const [version, keyId, nonce, ciphertext, tag] = sealed.split('.');
    expect(version).toBe('v1');
    expect(keyId).toBe(keyIdOf(keyA));
    expect(keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(Buffer.from(nonce, 'base64url')).toHaveLength(12);
    expect(Buffer.from(ciphertext, 'base64url')).toHaveLength('gsk_secret'.length);
    expect(Buffer.from(tag, 'base64url')).toHaveLength(16);
    expect(sealed).not.toContain('gsk_secret');
    expect(box.currentKeyId).toBe(keyId);
  });

  it('uses a fresh nonce for every seal: the same value never seals to the same text', () => {
    const seals = Array.from({ length: 50 }, () => box.seal('same value'));
    expect(new Set(seals).size).toBe(50);
    expect(new Set(seals.map((s) => s.split('.')[2])).size).toBe(50);
    for (const s of seals) expect(box.open(s)).toBe('same value');
  });

  it.each([
    ['nonce', 2, 0],
    ['nonce (last byte)', 2, 11],
    ['ciphertext', 3, 0],
    ['ciphertext (last byte)', 3, 23],
    ['tag', 4, 0],
    ['tag (last byte)', 4, 15],
  ])('detects a flipped byte of the %s', (_what, part, byte) => {
    const sealed = box.seal('sk-ant-0123456789abcdefghij');
    const err = failure(() => box.open(flipByte(sealed, part, byte)));
    expect(err.code).toBe(VaultErrorCode.DecryptFailed);
    expect(err.httpStatus).toBe(500);
    expect(err.message).toBe('A stored secret could not be decrypted: it was altered or does not belong here');
  });

  it('detects any changed character, including non-canonical base64url that decodes to the same bytes', () => {
    const sealed = box.seal('value');
    const tag = sealed.split('.')[4];
    // 16 bytes are 22 base64url characters; the last one carries 4 unused bits.
    const last = tag.at(-1)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const sibling = alphabet[alphabet.indexOf(last) ^ 1];
    const altered = `${sealed.slice(0, -1)}${sibling}`;
    expect(Buffer.from(altered.split('.')[4], 'base64url')).toEqual(Buffer.from(tag, 'base64url'));
    expect(failure(() => box.open(altered)).code).toBe(VaultErrorCode.DecryptFailed);
  });

  it('rejects truncated, reordered and malformed values with the typed error, never returning text', () => {
    const sealed = box.seal('value');
    const [v, id, n, c, t] = sealed.split('.');
    for (const bad of [
      '',
      'value',
      sealed.slice(0, -3),
      `${sealed}.extra`,
      [v, id, n, t, c].join('.'),
      ['v2', id, n, c, t].join('.'),
      [v, id.toUpperCase(), n, c, t].join('.'),
      [v, id, `${n}=`, c, t].join('.'),
      [v, id, n, `${c}!`, t].join('.'),
    ]) {
      expect(failure(() => box.open(bad)).code).toBe(VaultErrorCode.DecryptFailed);
    }
  });

  it('fails when the value is opened with another key that claims the same id', () => {
    const sealed = new SecretBox(keyA).seal('value');
    // Forge the key id of keyB onto a value sealed with keyA: the box picks keyB, and GCM refuses.
    const forged = sealed.replace(keyIdOf(keyA), keyIdOf(keyB));
    expect(failure(() => new SecretBox(keyB).open(forged)).code).toBe(VaultErrorCode.DecryptFailed);
  });

  it('fails clearly, naming both key ids, when the value was sealed with a key it does not have', () => {
    const sealed = new SecretBox(keyA).seal('value');
    const err = failure(() => new SecretBox(keyB).open(sealed));
    expect(err.code).toBe(VaultErrorCode.UnknownKeyId);
    expect(err.message).toContain(keyIdOf(keyA));
    expect(err.message).toContain(keyIdOf(keyB));
    expect(err.message).toContain('ENCRYPTION_KEY_PREVIOUS');
  });

  it('binds a value to its context: opened elsewhere, or without it, it fails', () => {
    const sealed = box.seal('sk-1', 'provider-key:ws-1:openai');
    expect(box.open(sealed, 'provider-key:ws-1:openai')).toBe('sk-1');
    expect(failure(() => box.open(sealed, 'provider-key:ws-2:openai')).code).toBe(VaultErrorCode.DecryptFailed);
    expect(failure(() => box.open(sealed)).code).toBe(VaultErrorCode.DecryptFailed);
  });

  it('rotates: opens values sealed with a previous key and re-seals them with the current one', () => {
    const old = new SecretBox(keyA);
    const sealedOld = old.seal('sk-rotate', 'ctx');
    const rotated = new SecretBox(keyB, [keyA]);
    expect(rotated.keyIds).toEqual([keyIdOf(keyB), keyIdOf(keyA)]);
    expect(rotated.isCurrent(sealedOld)).toBe(false);
    expect(rotated.open(sealedOld, 'ctx')).toBe('sk-rotate');

    const resealed = rotated.reseal(sealedOld, 'ctx');
    expect(resealed).not.toBe(sealedOld);
    expect(rotated.keyIdOfSealed(resealed)).toBe(keyIdOf(keyB));
    expect(rotated.isCurrent(resealed)).toBe(true);
    // Re-sealing is idempotent, and the new key alone now suffices.
    expect(rotated.reseal(resealed, 'ctx')).toBe(resealed);
    expect(new SecretBox(keyB).open(resealed, 'ctx')).toBe('sk-rotate');
    expect(failure(() => old.open(resealed, 'ctx')).code).toBe(VaultErrorCode.UnknownKeyId);
  });

  it('refuses to re-seal a damaged value instead of sealing garbage', () => {
    const rotated = new SecretBox(keyB, [keyA]);
    const damaged = flipByte(new SecretBox(keyA).seal('value'), 3);
    expect(failure(() => rotated.reseal(damaged)).code).toBe(VaultErrorCode.DecryptFailed);
    const damagedCurrent = flipByte(rotated.seal('value'), 3);
    expect(failure(() => rotated.reseal(damagedCurrent)).code).toBe(VaultErrorCode.DecryptFailed);
  });

  it('accepts only 32-byte keys', () => {
    expect(() => new SecretBox(randomBytes(16))).toThrow('an encryption key must be 32 bytes, not 16');
    expect(() => new SecretBox(keyA, [randomBytes(31)])).toThrow('not 31');
  });
});
