/**
 * Cuts a text so that it cannot exceed `maxTokens` tokens of any byte-level BPE tokenizer (OpenAI's): a token
 * is at least one UTF-8 byte, so a prefix of at most `maxTokens` bytes always fits. Exact token counting is
 * not worth it here: chunks are a few hundred tokens, and a pathological input (kilobytes without a space)
 * makes BPE merging cubic. Cuts between characters, never inside one.
 */
export function truncateToTokens(text: string, maxTokens: number): string {
  if (text.length <= maxTokens / 3 || Buffer.byteLength(text) <= maxTokens) return text;
  const bytes = Buffer.from(text);
  let end = maxTokens;
  // Back up to the first byte of a UTF-8 sequence (continuation bytes are 10xxxxxx).
  while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString('utf8');
}
