import type { TokenVault } from './token-vault';

/** The longest token is `<` + the longest type name (13) + `_` + up to 6 digits + `>`, well under this. */
const MAX_TOKEN_LENGTH = 40;
/** What the end of a text may hold while a token is still arriving: `<`, `<EMAIL_ADD`, `<PERSON_1`... */
const TOKEN_PREFIX = /^<(?:[A-Z][A-Z_]*(?:_\d{0,6})?)?$/;

/**
 * Restores tokens in an answer that arrives in pieces: a model may stream `<PER`, `SON_`, `1>` as three
 * tokens. Text that might still become a token is held back until the next piece settles it; everything
 * else is passed on at once, so the stream is delayed by at most one partial token.
 */
export class StreamRestorer {
  private pending = '';

  constructor(private readonly vault: TokenVault) {}

  /** Feeds one piece of the stream; returns the text ready to show (possibly empty). */
  push(piece: string): string {
    if (!piece) return '';
    const text = this.pending + piece;
    this.pending = '';
    if (!this.vault.size) return text;
    const lt = text.lastIndexOf('<');
    if (lt >= 0 && text.length - lt <= MAX_TOKEN_LENGTH && TOKEN_PREFIX.test(text.slice(lt))) {
      this.pending = text.slice(lt);
      return this.vault.restore(text.slice(0, lt));
    }
    return this.vault.restore(text);
  }

  /** Ends the stream: whatever was held back is passed on (restored when it is a whole token). */
  end(): string {
    const rest = this.pending;
    this.pending = '';
    return this.vault.restore(rest);
  }
}
