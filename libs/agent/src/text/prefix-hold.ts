/**
 * Holds a streamed answer back while it could still turn out to be one of some fixed phrases, so that the
 * phrase can be replaced as a whole: the offline answerer's "The provided context does not contain the
 * answer..." becomes the agent's own wording before a client sees any of it. Text that departs from every
 * phrase is released at once; only the phrases' length is ever held.
 */
export class PrefixHold {
  private held = '';
  private passing = false;

  constructor(private readonly phrases: readonly string[]) {}

  push(delta: string): string {
    if (this.passing) return delta;
    this.held += delta;
    const text = this.held.trimStart();
    if (this.phrases.some((p) => p.startsWith(text) || text === p)) return '';
    this.passing = true;
    const out = this.held;
    this.held = '';
    return out;
  }

  /** At the end of the answer: whether it was one of the phrases, else the text still held. */
  end(): { matched: boolean; rest: string } {
    const rest = this.held;
    this.held = '';
    if (this.passing) return { matched: false, rest };
    const text = rest.trim();
    return this.phrases.includes(text) ? { matched: true, rest: '' } : { matched: false, rest };
  }
}
