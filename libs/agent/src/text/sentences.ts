import { CITATION_MARKER } from './citation-markers';

export interface SentenceSpan {
  /** The sentence with its citation markers, trimmed. */
  text: string;
  /** Its range in the answer. */
  start: number;
  end: number;
}

const MARKERS_AFTER = new RegExp(`^(?:\\s*${CITATION_MARKER.source})+`, 'i');

/**
 * An answer cut into sentences, markers kept with the sentence they follow: models write both "claim [1]."
 * and "claim. [1]", and the offline answerer writes "Quoted sentence. [1] Next one. [2]". A sentence ends at
 * `.`, `!` or `?` followed by a space (then any markers), at a line break, or after markers followed by a
 * capital letter (a quoted heading or list item without a full stop).
 */
export function splitSentences(answer: string): SentenceSpan[] {
  const spans: SentenceSpan[] = [];
  let start = 0;
  const push = (end: number) => {
    const raw = answer.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    const text = raw.trim();
    if (text) spans.push({ text, start: start + lead, end: start + lead + text.length });
    start = end;
  };
  let i = 0;
  while (i < answer.length) {
    const c = answer[i];
    if (c === '\n') {
      push(i);
      i++;
      continue;
    }
    if (c === '.' || c === '!' || c === '?') {
      let j = i + 1;
      while (j < answer.length && /[.!?)"'\u201d]/.test(answer[j])) j++;
      const markers = MARKERS_AFTER.exec(answer.slice(j));
      const after = j + (markers ? markers[0].length : 0);
      if (after >= answer.length || /\s/.test(answer[after])) {
        push(after);
        i = after;
        continue;
      }
      i = j;
      continue;
    }
    if (c === '[') {
      const markers = MARKERS_AFTER.exec(answer.slice(i));
      if (markers) {
        const after = i + markers[0].length;
        const next = /\S/.exec(answer.slice(after));
        if (next && /\p{Lu}/u.test(next[0]) && /^\s/.test(answer.slice(after))) {
          push(after);
        }
        i = after;
        continue;
      }
    }
    i++;
  }
  push(answer.length);
  return spans;
}
