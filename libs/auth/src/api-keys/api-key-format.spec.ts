import { apiKeyMatches, generateApiKey, hashApiKey, publicIdOf } from './api-key-format';

describe('API key format', () => {
  it('is dq_ + an 8-character public id + _ + 32 random bytes in base64url', () => {
    const { key, publicId, prefix, hash } = generateApiKey();
    expect(key).toMatch(/^dq_[a-z2-9]{8}_[A-Za-z0-9_-]{43}$/);
    expect(prefix).toBe(`dq_${publicId}`);
    expect(key.startsWith(`${prefix}_`)).toBe(true);
    expect(Buffer.from(key.slice(prefix.length + 1), 'base64url')).toHaveLength(32);
    expect(hash).toBe(hashApiKey(key));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('never repeats a key or a public id in practice', () => {
    const keys = Array.from({ length: 1000 }, () => generateApiKey());
    expect(new Set(keys.map((k) => k.key)).size).toBe(1000);
    expect(new Set(keys.map((k) => k.publicId)).size).toBe(1000);
  });

  it('reads the public id of well-formed keys only', () => {
    const { key, publicId } = generateApiKey();
    expect(publicIdOf(key)).toBe(publicId);
    for (const bad of ['', 'dq_', key.slice(0, -1), `${key}x`, key.replace('dq_', 'dx_'), ` ${key}`, `${key}\n`]) {
      expect(publicIdOf(bad)).toBeUndefined();
    }
    expect(publicIdOf(undefined as unknown as string)).toBeUndefined();
  });

  it('matches a key only against its own hash', () => {
    const a = generateApiKey();
    const b = generateApiKey();
    expect(apiKeyMatches(a.key, a.hash)).toBe(true);
    expect(apiKeyMatches(b.key, a.hash)).toBe(false);
    const sameIdOtherSecret = `${a.prefix}_${b.key.slice(b.prefix.length + 1)}`;
    expect(apiKeyMatches(sameIdOtherSecret, a.hash)).toBe(false);
    expect(apiKeyMatches(a.key, 'abcd')).toBe(false);
  });
});
