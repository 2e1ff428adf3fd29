/** pgvector's text form, `[x,y,...]`; a non-finite value would be rejected by the server, so it is caught here. */
export function toVectorLiteral(vector: ArrayLike<number>): string {
  let out = '[';
  for (let i = 0; i < vector.length; i++) {
    const x = vector[i];
    if (!Number.isFinite(x)) throw new RangeError(`vector component ${i} is not a finite number`);
    out += i ? `,${x}` : `${x}`;
  }
  return `${out}]`;
}
