import { citedNumbers, filterMarkers, formatMarker, stripMarkers } from './citation-markers';
import { splitSentences } from './sentences';
import { contentTerms, coverage } from './terms';

/** Share of a sentence's content words the passages it cites must hold for it to count as supported. */
export const MIN_SUPPORT = 0.5;

/** A sentence saying the sources do not hold the answer: kept without a citation, claiming nothing. */
export const NO_ANSWER_STATEMENT =
  /\b(?:do(?:es)?\s+not|don't|doesn't|cannot|can't|could\s+not|couldn't|no)\b.{0,60}\b(?:contain|mention|say|include|provide|cover|find|found|information|answer)\b/i;

export interface VerifiedCitation {
  n: number;
  /** The cited sentence's range in the verified answer. */
  start: number;
  end: number;
}

export interface AnswerVerification {
  /** The answer with unsupported sentences removed and every marker naming a real source. */
  answer: string;
  citations: VerifiedCitation[];
  /** Sentences kept because the passages they cite (or, uncited, one passage) support them. */
  supported: number;
  /** Sentences removed: nothing they cite, nor any other passage, supports them. */
  removed: number;
  /** Cited numbers dropped because no such source exists. */
  invalidCitations: number;
  /** Citations kept in the answer. */
  verifiedCitations: number;
  /** Citations that went with removed sentences or were moved to the passage that supports the sentence. */
  removedCitations: number;
  /** The removed sentences (for a regeneration prompt). */
  unsupported: string[];
  /** No sentence with content was supported: what is left (if anything) only says the sources do not answer. */
  noAnswer: boolean;
}

/**
 * Checks an answer sentence by sentence against the passages it was generated from (`contexts[n - 1]` is
 * source `n`): a citation of a source that does not exist is dropped; a sentence is kept when the passages it
 * cites hold at least MIN_SUPPORT of its content words, or, when they do not (or it cites none), when one
 * other passage does, which it is then cited to; otherwise it is removed. Sentences without content words
 * ("Yes.") and statements that the sources do not answer are kept as they are. Deterministic: what the
 * offline answerer quotes is supported by construction, and a hosted model's paraphrase mostly keeps the
 * passage's words.
 */
export function verifyAnswer(
  answer: string,
  contexts: readonly string[],
  minSupport = MIN_SUPPORT,
): AnswerVerification {
  const exists = (n: number) => Number.isInteger(n) && n >= 1 && n <= contexts.length;
  const termsOf = contexts.map((c) => new Set(contentTerms(c)));
  const out: VerificationParts = {
    pieces: [],
    supported: 0,
    removed: 0,
    invalid: 0,
    kept: 0,
    moved: 0,
    unsupported: [],
  };
  const spans = splitSentences(answer);
  spans.forEach((span, i) => {
    const gap = i === 0 ? '' : /\n/.test(answer.slice(spans[i - 1].end, span.start)) ? '\n' : ' ';
    const filtered = filterMarkers(span.text, exists);
    out.invalid += filtered.dropped;
    const body = stripMarkers(span.text).trim();
    const terms = contentTerms(body);
    const cited = citedNumbers(filtered.text);
    if (!terms.length || (NO_ANSWER_STATEMENT.test(body) && !cited.length)) {
      if (body) out.pieces.push({ gap, text: stripMarkers(filtered.text).trim(), cited: [] });
      return;
    }
    const known = new Set<string>();
    for (const n of cited) for (const t of termsOf[n - 1]) known.add(t);
    if (cited.length && coverage(terms, known) >= minSupport) {
      out.supported++;
      out.kept += cited.length;
      out.pieces.push({ gap, text: filtered.text.trim(), cited });
      return;
    }
    let best = 0;
    let bestScore = 0;
    termsOf.forEach((set, k) => {
      const score = coverage(terms, set);
      if (score > bestScore) {
        best = k + 1;
        bestScore = score;
      }
    });
    if (best && bestScore >= minSupport) {
      out.supported++;
      out.kept += 1;
      out.moved += cited.length;
      out.pieces.push({ gap, text: `${body} ${formatMarker([best])}`, cited: [best] });
      return;
    }
    out.removed++;
    out.moved += cited.length;
    out.unsupported.push(body);
  });
  let text = '';
  const citations: VerifiedCitation[] = [];
  for (const piece of out.pieces) {
    if (text) text += piece.gap;
    const start = text.length;
    text += piece.text;
    for (const n of piece.cited) citations.push({ n, start, end: text.length });
  }
  return {
    answer: text,
    citations,
    supported: out.supported,
    removed: out.removed,
    invalidCitations: out.invalid,
    verifiedCitations: out.kept,
    removedCitations: out.moved,
    unsupported: out.unsupported,
    noAnswer: out.supported === 0,
  };
}

interface VerificationParts {
  pieces: { gap: string; text: string; cited: number[] }[];
  supported: number;
  removed: number;
  invalid: number;
  kept: number;
  moved: number;
  unsupported: string[];
}
