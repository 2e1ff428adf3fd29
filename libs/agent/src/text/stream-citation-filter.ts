import { CITATION_MARKER, formatMarker } from './citation-markers';

const WHOLE_MARKER = new RegExp(`^${CITATION_MARKER.source}$`, 'i');
/** Longest bracket held back while waiting for its `]`: a citation marker is never longer. */
const MAX_HELD = 48;

/**
 * Filters an answer as it streams so that a citation of a source that does not exist never reaches the
 * client, not even for the moment before verification: text from a `[` on is held back until its `]`
 * (or until it cannot be a marker), then passed on with the unknown numbers removed.
 */
export class StreamCitationFilter {
  private held = '';
  /** Cited numbers removed so far. */
  dropped = 0;

  constructor(private readonly valid: (n: number) => boolean) {}

  /** The part of the text seen so far that is safe to send. */
  push(delta: string): string {
    let out = '';
    for (const c of delta) {
      if (this.held) {
        this.held += c;
        if (c === ']') out += this.release();
        else if (c === '[') {
          // A new bracket: what was held cannot be a marker any more.
          out += this.held.slice(0, -1);
          this.held = '[';
        } else if (this.held.length > MAX_HELD || c === '\n') {
          out += this.held;
          this.held = '';
        }
      } else if (c === '[') {
        this.held = '[';
      } else {
        out += c;
      }
    }
    return out;
  }

  /** What is left at the end of the answer; a marker never closed is dropped when it could have been one. */
  flush(): string {
    const rest = this.held;
    this.held = '';
    return /^\[\s*(?:(?:sources?|src|doc(?:ument)?|passage)\s*:?\s*)?[\d,;\s]*$/i.test(rest) ? '' : rest;
  }

  private release(): string {
    const marker = this.held;
    this.held = '';
    const m = WHOLE_MARKER.exec(marker);
    if (!m) return marker;
    const cited = m[1].split(/\s*[,;]\s*/).map(Number);
    const kept = [...new Set(cited)].filter((n) => this.valid(n));
    this.dropped += cited.filter((n) => !this.valid(n)).length;
    return formatMarker(kept);
  }
}
