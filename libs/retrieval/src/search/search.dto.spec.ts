import { isMetadataFilters } from './search.dto';

describe('isMetadataFilters', () => {
  it('accepts flat scalars and lists of scalars', () => {
    expect(isMetadataFilters({ team: 'sales', year: 2024, archived: false, tags: ['a', 1, true] })).toBe(true);
  });

  it('refuses nesting, empty lists, arrays at the top, null and too many keys', () => {
    expect(isMetadataFilters({ team: { name: 'x' } })).toBe(false);
    expect(isMetadataFilters({ tags: [] })).toBe(false);
    expect(isMetadataFilters({ tags: [['a']] })).toBe(false);
    expect(isMetadataFilters(['a'])).toBe(false);
    expect(isMetadataFilters({ team: null })).toBe(false);
    expect(isMetadataFilters({ n: Number.NaN })).toBe(false);
    expect(isMetadataFilters(Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, i])))).toBe(false);
  });
});
