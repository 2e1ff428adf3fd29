import type { PiiEntityType } from '../entity-types';

/** `<EMAIL_ADDRESS_1>`: the type and a number, nothing a model would mistake for data it should change. */
export const TOKEN_PATTERN = /<([A-Z][A-Z_]*[A-Z])_(\d{1,6})>/g;

/**
 * The reversible tokens of one conversation or call: each distinct value of a type gets the next number, and
 * the same value always gets the same token, so the model can still tell two people apart and refer back to
 * them. The mapping never leaves this object: only tokens go to a provider.
 */
export class TokenVault {
  private readonly tokenByValue = new Map<string, string>();
  private readonly valueByToken = new Map<string, string>();
  private readonly counters = new Map<string, number>();

  /** The token for a value, made on first sight. `avoid` tells whether a token already appears in the text. */
  tokenFor(entityType: PiiEntityType, value: string, avoid?: (token: string) => boolean): string {
    const key = `${entityType}\u0000${value}`;
    const known = this.tokenByValue.get(key);
    if (known) return known;
    let n = this.counters.get(entityType) ?? 0;
    let token: string;
    do {
      n += 1;
      token = `<${entityType}_${n}>`;
      // A token already written in the input (by a user, or a document quoting one) would be restored
      // into a value that was never there: skip its number.
    } while (avoid?.(token));
    this.counters.set(entityType, n);
    this.tokenByValue.set(key, token);
    this.valueByToken.set(token, value);
    return token;
  }

  /**
   * Makes the tokens this vault will make skip the numbers of tokens already written in `text` by someone else
   * (a caller that tokenized its own text before): two values never share a token, and theirs pass through
   * `restore` untouched.
   */
  reserve(text: string): void {
    if (!text.includes('<')) return;
    for (const m of text.matchAll(TOKEN_PATTERN)) {
      if (this.valueByToken.has(m[0])) continue;
      this.counters.set(m[1], Math.max(this.counters.get(m[1]) ?? 0, Number(m[2])));
    }
  }

  get size(): number {
    return this.valueByToken.size;
  }

  has(token: string): boolean {
    return this.valueByToken.has(token);
  }

  /** The original of a token, or undefined for a token this vault never made. */
  valueOf(token: string): string | undefined {
    return this.valueByToken.get(token);
  }

  /** Puts the originals back; tokens this vault did not make are left as they are. */
  restore(text: string): string {
    if (!this.valueByToken.size || !text.includes('<')) return text;
    return text.replace(TOKEN_PATTERN, (token) => this.valueByToken.get(token) ?? token);
  }

  /** A copy of the mapping, token to original (for `POST /safety/pii/anonymize`, whose caller owns the data). */
  entries(): Record<string, string> {
    return Object.fromEntries(this.valueByToken);
  }

  /** A vault holding a mapping returned earlier (to deanonymize text tokenized by another call). */
  static fromEntries(mapping: Record<string, string>): TokenVault {
    const vault = new TokenVault();
    for (const [token, value] of Object.entries(mapping)) {
      const m = /^<([A-Z][A-Z_]*[A-Z])_(\d{1,6})>$/.exec(token);
      if (!m || typeof value !== 'string') continue;
      vault.valueByToken.set(token, value);
      vault.tokenByValue.set(`${m[1]}\u0000${value}`, token);
      vault.counters.set(m[1], Math.max(vault.counters.get(m[1]) ?? 0, Number(m[2])));
    }
    return vault;
  }
}
