import { ALLOW_ALL_TOOLS, isToolAllowed } from './allow-list';

describe('MCP tool allow-lists', () => {
  it('admits listed tools, everything with *, nothing when empty', () => {
    expect(isToolAllowed(['read', 'write'], 'read')).toBe(true);
    expect(isToolAllowed(['read'], 'write')).toBe(false);
    expect(isToolAllowed([ALLOW_ALL_TOOLS], 'anything')).toBe(true);
    expect(isToolAllowed([], 'read')).toBe(false);
  });

  it('matches names exactly', () => {
    expect(isToolAllowed(['Read'], 'read')).toBe(false);
    expect(isToolAllowed(['read*'], 'readme')).toBe(false);
  });
});
