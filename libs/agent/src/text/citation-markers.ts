/**
 * Citation markers in answers: `[1]`, `[1, 3]`, `[2][4]`, and the variants models write (`[source 2]`,
 * `[Source: 2]`). Numbers of one to three digits only, so a year in brackets (`[2023]`) is left alone, and
 * anything else in brackets (`[sic]`, links) is text.
 */
export const CITATION_MARKER =
  /\[\s*(?:(?:sources?|src|doc(?:ument)?|passage)\s*:?\s*)?(\d{1,3}(?:\s*[,;]\s*\d{1,3})*)\s*\]/gi;

/** The numbers a marker's inner list names. */
function numbersIn(list: string): number[] {
  return list.split(/\s*[,;]\s*/).map(Number);
}

/** Every number cited in a text, in order of first appearance. */
export function citedNumbers(text: string): number[] {
  const seen = new Set<number>();
  for (const m of text.matchAll(CITATION_MARKER)) for (const n of numbersIn(m[1])) seen.add(n);
  return [...seen];
}

export interface MarkerRewrite {
  text: string;
  /** Cited numbers dropped because `keep` refused them (each occurrence counts). */
  dropped: number;
}

/** Writes a marker list the one way the API returns it: `[1]` or `[1, 3]`. */
export function formatMarker(numbers: readonly number[]): string {
  return numbers.length ? `[${numbers.join(', ')}]` : '';
}

/**
 * The text with every marker normalised and each cited number that `keep` refuses removed; a marker left
 * empty disappears with the space before it.
 */
export function filterMarkers(text: string, keep: (n: number) => boolean): MarkerRewrite {
  let dropped = 0;
  const out = text.replace(
    new RegExp(`(\\s?)${CITATION_MARKER.source}`, 'gi'),
    (_whole, lead: string, list: string) => {
      const cited = numbersIn(list);
      const kept = [...new Set(cited)].filter((n) => keep(n));
      dropped += cited.filter((n) => !keep(n)).length;
      return kept.length ? `${lead}${formatMarker(kept)}` : '';
    },
  );
  return { text: out, dropped };
}

/** The text without any citation marker. */
export function stripMarkers(text: string): string {
  return filterMarkers(text, () => false).text;
}
