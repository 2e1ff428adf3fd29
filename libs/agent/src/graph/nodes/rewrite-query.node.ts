import type { AgentRun, AgentNodeFn } from '../agent-run';
import type { AgentStateValue } from '../agent-state';
import { stripMarkers } from '../../text/citation-markers';
import { standaloneQuestion } from '../../text/follow-up';
import { wordsOf, isStopword } from '../../text/terms';
import { CORRECTION_INSTRUCTIONS, REWRITE_INSTRUCTIONS, withSummary } from '../prompts';

const MAX_QUERY_CHARS = 500;
/** Characters of each earlier answer a rewrite prompt carries. */
const ANSWER_CHARS = 600;

/** The model's one-line query, or undefined when it wrote nothing usable. */
function oneLine(text: string): string | undefined {
  const line = text
    .split('\n')
    .map((l) => l.trim())
    .find(Boolean)
    ?.replace(/^(?:query|search query)\s*:\s*/i, '')
    .replace(/^["'`]+|["'`]+$/g, '')
    .trim();
  return line && line.length <= MAX_QUERY_CHARS ? line : undefined;
}

/** A correction without a model: the question's content words alone, each once (what keyword search weighs). */
export function keywordQuery(question: string): string {
  const seen = new Set<string>();
  const words = wordsOf(question).filter((w) => {
    const key = w.toLowerCase();
    if (isStopword(key) || key.length < 2 || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return words.join(' ') || question;
}

async function rewriteWithModel(state: AgentStateValue, run: AgentRun): Promise<string | undefined> {
  const result = await run.llm.assist({
    messages: [
      { role: 'system', content: withSummary(REWRITE_INSTRUCTIONS, state.summary) },
      ...state.history.flatMap((t) => [
        { role: 'user' as const, content: t.question },
        { role: 'assistant' as const, content: stripMarkers(t.answer).slice(0, ANSWER_CHARS) },
      ]),
      { role: 'user', content: `Question to rewrite: ${state.question}` },
    ],
    maxTokens: 120,
    temperature: 0,
  });
  return result && oneLine(result.text);
}

async function correctWithModel(state: AgentStateValue, run: AgentRun): Promise<string | undefined> {
  const result = await run.llm.assist({
    messages: [
      { role: 'system', content: CORRECTION_INSTRUCTIONS },
      { role: 'user', content: `Question: ${state.standalone}\nQuery that found nothing: ${state.query}` },
    ],
    maxTokens: 120,
    temperature: 0,
  });
  return result && oneLine(result.text);
}

/**
 * rewrite_query: the question made standalone from the conversation, and on a correction loop, a different
 * query for the same question. With a hosted model, the model writes them (falling back to the rules below
 * when it writes nothing usable). Without one: a follow-up ("and how much does it cost?") is resolved against
 * the previous turn's topic (see `standaloneQuestion`), and a correction searches the content words alone,
 * with a wider net (retrieve takes more passages on each loop).
 */
export function rewriteQueryNode(): AgentNodeFn {
  return async (state, run) => {
    if (state.loops === 0) {
      const previous = state.history.at(-1);
      let standalone = state.question.trim();
      if (previous) {
        const rule = standaloneQuestion(standalone, previous.rewrittenQuery ?? previous.question);
        standalone = run.llm.hosted ? ((await rewriteWithModel(state, run)) ?? rule) : rule;
      }
      run.emit({ type: 'rewritten_query', query: standalone });
      return { standalone, query: standalone, retry: false };
    }
    const fallback = keywordQuery(state.standalone);
    const query = run.llm.hosted ? ((await correctWithModel(state, run)) ?? fallback) : fallback;
    run.emit({ type: 'rewritten_query', query });
    return { query, retry: false };
  };
}
