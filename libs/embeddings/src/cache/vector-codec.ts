/**
 * Vectors are stored as their raw float32 bytes (little-endian, the byte order of every platform Node runs
 * on): 4 bytes a dimension, 3x smaller than JSON and nothing to parse. A copy: the socket may send it after
 * the caller has done something else with the vector.
 */
export function encodeVector(v: Float32Array): Buffer {
  return Buffer.from(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
}

/** Copies: a Buffer from a socket is rarely 4-byte aligned, and the caller may keep the vector. */
export function decodeVector(bytes: Uint8Array, dimension: number): Float32Array | undefined {
  if (bytes.byteLength !== dimension * 4) return undefined;
  const v = new Float32Array(dimension);
  new Uint8Array(v.buffer).set(bytes);
  return v;
}
