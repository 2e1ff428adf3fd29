import { compactVectorLiteral } from '../../bench/retrieval/vector-literal';

describe('compactVectorLiteral (bench:retrieval)', () => {
  it('writes pgvector text with at most 7 decimals and no trailing zeros', () => {
    expect(compactVectorLiteral([0, 1, -0.5, 0.123456789, -1e-9, 0.25])).toBe('[0,1,-0.5,0.1234568,-0,0.25]');
    expect(compactVectorLiteral(new Float32Array([0.5, -0.75]))).toBe('[0.5,-0.75]');
    expect(compactVectorLiteral([])).toBe('[]');
  });

  it('keeps each component within 5e-8 of the input', () => {
    const v = Array.from({ length: 384 }, (_, i) => Math.sin(i * 12.9898) / 19.6);
    const back = compactVectorLiteral(v).slice(1, -1).split(',').map(Number);
    expect(back).toHaveLength(384);
    back.forEach((x, i) => expect(Math.abs(x - v[i])).toBeLessThanOrEqual(5e-8));
  });

  it('refuses components that are not finite numbers', () => {
    expect(() => compactVectorLiteral([0.1, NaN])).toThrow(RangeError);
    expect(() => compactVectorLiteral([Infinity])).toThrow(RangeError);
  });
});
