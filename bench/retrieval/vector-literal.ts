/**
 * pgvector's text form with 7 decimals: the vectors are L2-normalised, so that is float32's precision where it
 * matters, and half the bytes of JavaScript's shortest round-trip form (100k x 384 values go over the wire).
 */
export function compactVectorLiteral(vector: ArrayLike<number>): string {
  let out = '[';
  for (let i = 0; i < vector.length; i++) {
    const x = vector[i];
    if (!Number.isFinite(x)) throw new RangeError(`vector component ${i} is not a finite number`);
    out += (i ? ',' : '') + (x === 0 ? '0' : x.toFixed(7).replace(/\.?0+$/, ''));
  }
  return `${out}]`;
}
