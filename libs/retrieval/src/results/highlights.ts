export interface Highlight {
  /** Offsets into the chunk's `text` (UTF-16 code units, as JavaScript strings count). */
  start: number;
  end: number;
}

/** Marker characters `ts_headline` is told to put around matches; chunk text holding them gets no highlights. */
export const HIGHLIGHT_START = '\u0001';
export const HIGHLIGHT_STOP = '\u0002';

/** ts_headline options that return the whole text with every match marked. */
export const HEADLINE_OPTIONS = `StartSel=${HIGHLIGHT_START}, StopSel=${HIGHLIGHT_STOP}, HighlightAll=true`;

/**
 * The offsets of the marked matches in `marked` (ts_headline's output for `text`). PostgreSQL matches words
 * as its text search configuration reads them (stems: "cells" matches "cell"), which JavaScript cannot
 * repeat. When the marked text is not exactly `text` with markers added, no offsets are trusted.
 */
export function highlightsFromMarked(text: string, marked: string | null | undefined): Highlight[] {
  if (!marked || text.includes(HIGHLIGHT_START) || text.includes(HIGHLIGHT_STOP)) return [];
  const out: Highlight[] = [];
  let plain = '';
  let open = -1;
  for (const ch of marked) {
    if (ch === HIGHLIGHT_START) {
      if (open >= 0) return [];
      open = plain.length;
    } else if (ch === HIGHLIGHT_STOP) {
      if (open < 0) return [];
      if (plain.length > open) out.push({ start: open, end: plain.length });
      open = -1;
    } else plain += ch;
  }
  if (open >= 0 || plain !== text) return [];
  return out;
}
