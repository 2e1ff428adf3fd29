import type { MemoryTurn } from '../conversations/conversation-memory';
import { stripMarkers } from './citation-markers';

/**
 * Answers a question about the conversation without a model, from its memory: what was asked (the first or
 * the last question), a recap, or (for "what did you say", "repeat that"...) the last answer. Undefined when
 * memory holds nothing to answer from.
 */
export function answerAboutConversation(
  question: string,
  summary: string,
  turns: readonly MemoryTurn[],
): string | undefined {
  const last = turns.at(-1);
  if (!last) return summary ? `So far we covered:\n${summary}` : undefined;
  if (/\b(?:summari[sz]e|recap|so far|overview)\b/i.test(question)) {
    const lines = turns.map((t) => `You asked "${t.question}"; I answered: ${clip(stripMarkers(t.answer))}`);
    return ['So far we covered:', ...(summary ? [summary] : []), ...lines].join('\n');
  }
  if (/\b(?:ask|asked|question|questions)\b/i.test(question)) {
    if (/\bfirst\b/i.test(question)) {
      const firstInSummary = /^Q: (.*?) A: /.exec(summary)?.[1];
      return `Your first question was: "${firstInSummary ?? turns[0].question}"`;
    }
    return `Your last question was: "${last.question}"`;
  }
  return `My last answer was: ${stripMarkers(last.answer)}`;
}

function clip(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= 300 ? flat : `${flat.slice(0, 299).trimEnd()}…`;
}
