import { toVectorLiteral } from './vector-literal';

describe('toVectorLiteral', () => {
  it('writes every float32 so that reading it back as float4 gives the very same value', () => {
    const vector = new Float32Array(4096);
    let seed = 7;
    for (let i = 0; i < vector.length; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      vector[i] = ((seed / 2 ** 31) * 2 - 1) * 10 ** ((i % 12) - 8);
    }
    vector[0] = 0;
    vector[1] = -1;
    vector[2] = 1e-30;
    const literal = toVectorLiteral(vector);
    expect(literal).toMatch(/^\[[^\]]+\]$/);
    const back = Float32Array.from(literal.slice(1, -1).split(','), Number);
    expect(back).toEqual(vector);
    // 9 significant digits, not the 17 a double would print
    expect(literal.length).toBeLessThan(vector.length * 16);
  });

  it('keeps float64 input to what a float4 column stores', () => {
    expect(toVectorLiteral([0.1, 1 / 3])).toBe(
      `[${Math.fround(0.1).toPrecision(9)},${Math.fround(1 / 3).toPrecision(9)}]`,
    );
  });

  it('refuses what a float4 cannot hold', () => {
    expect(() => toVectorLiteral([1, Number.NaN])).toThrow(RangeError);
    expect(() => toVectorLiteral([1e39])).toThrow(/component 0/);
  });
});
