import { stripMarkers } from '../text/citation-markers';
import { splitSentences } from '../text/sentences';

/** One question and its answer, as the agent remembers them. */
export interface MemoryTurn {
  question: string;
  answer: string;
  /** The standalone question the turn was searched with (follow-ups after it are resolved against it). */
  rewrittenQuery: string | null;
}

/** What the agent knows of a conversation when a new question comes in. */
export interface ConversationMemory {
  conversationId: string;
  /** Turns older than the last ones, folded into a few lines. */
  summary: string;
  /** The last AGENT_MEMORY_TURNS turns, oldest first. */
  turns: MemoryTurn[];
  turnCount: number;
}

/** Longest rolling summary kept: the oldest lines go first past it. */
export const SUMMARY_MAX_CHARS = 2_000;
const LINE_MAX_CHARS = 240;

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

/**
 * A turn as one summary line: the question and the first sentence of the answer, citations removed (the
 * sources they pointed at are not in memory any more). Deterministic, so that memory costs no LLM call.
 */
export function summaryLine(turn: Pick<MemoryTurn, 'question' | 'answer'>): string {
  const first = splitSentences(stripMarkers(turn.answer))[0]?.text ?? '';
  return clip(`Q: ${turn.question} A: ${first}`, LINE_MAX_CHARS);
}

/** The summary with the given turns appended, its oldest lines dropped past SUMMARY_MAX_CHARS. */
export function foldIntoSummary(
  summary: string,
  turns: ReadonlyArray<Pick<MemoryTurn, 'question' | 'answer'>>,
): string {
  const lines = [...(summary ? summary.split('\n') : []), ...turns.map(summaryLine)];
  while (lines.length > 1 && lines.join('\n').length > SUMMARY_MAX_CHARS) lines.shift();
  return lines.join('\n');
}
