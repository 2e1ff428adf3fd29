import { versionAtLeast } from './pgvector-features';

describe('versionAtLeast', () => {
  it('compares major and minor numbers', () => {
    expect(versionAtLeast('0.8.0', 0, 8)).toBe(true);
    expect(versionAtLeast('0.8.7', 0, 8)).toBe(true);
    expect(versionAtLeast('0.10.0', 0, 8)).toBe(true);
    expect(versionAtLeast('1.0.0', 0, 8)).toBe(true);
    expect(versionAtLeast('0.7.4', 0, 8)).toBe(false);
    expect(versionAtLeast('garbage', 0, 8)).toBe(false);
  });
});
