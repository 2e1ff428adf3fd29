import cl100k from 'js-tiktoken/ranks/cl100k_base';
import { BpeTokenizer } from './bpe-tokenizer';
import type { SliceTokenCounter } from './token-index';

/** Counts tokens the way the models that read our chunks do, and cuts text where tokens end. */
export interface Tokenizer {
  /** The encoding counts are in, e.g. `cl100k_base`. */
  readonly encoding: string;
  count(text: string): number;
  /**
   * Pre-tokenizes `text` once so that any of its slices is then counted in near-constant time, exactly as
   * `count` would: for callers that count many (overlapping) slices of one text.
   */
  index(text: string): SliceTokenCounter;
  /**
   * Length (UTF-16 units) of the longest prefix of `text` holding at most `maxTokens` tokens and ending
   * where a token ends (between words, or between a word and punctuation). Inside one word longer than the
   * limit the cut falls between characters. Never 0 for a non-empty text, so a caller always advances.
   */
  prefixLength(text: string, maxTokens: number): number;
  /**
   * Start (UTF-16 offset) of the longest suffix of `text` holding at most `maxTokens` tokens that starts where
   * a token starts; `text.length` when even the last token does not fit.
   */
  suffixStart(text: string, maxTokens: number): number;
}

let shared: Tokenizer | undefined;

/**
 * The process-wide cl100k_base tokenizer. Its rank table (~3 MB) takes 50-150 ms to build, so it is built once,
 * on first use, and then kept warm: its word cache (~5 MB after a book) is what makes counting fast.
 */
export function getTokenizer(): Tokenizer {
  shared ??= new BpeTokenizer('cl100k_base', cl100k);
  return shared;
}
