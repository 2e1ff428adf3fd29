import { randomBytes } from 'node:crypto';
import type { ChatMessage, ChatRequest } from '@docqa/llm-router';
import { fenceAsData } from '@docqa/safety';
import { stripMarkers } from '../text/citation-markers';
import type { AgentRun } from './agent-run';
import type { AgentStateValue, Evidence } from './agent-state';
import { describeSource } from './evidence';
import { ANSWER_INSTRUCTIONS, withSummary } from './prompts';

/** Characters of each earlier answer the prompt carries. */
const HISTORY_ANSWER_CHARS = 1_000;
const ANSWER_MAX_TOKENS = 1_024;

/**
 * The generation request. Sources are the router's grounding documents with ids "1".."n", which both the
 * offline answerer and hosted models cite as `[n]`. For a hosted model each passage is fenced as data (a
 * random marker per prompt, see `fenceAsData`) and the conversation goes along; the offline answerer gets the
 * plain passages and the standalone question, which is all it reads.
 */
export function answerRequest(state: AgentStateValue, run: AgentRun, evidence: readonly Evidence[]): ChatRequest {
  if (!run.llm.hosted) {
    return {
      messages: [{ role: 'user', content: state.standalone || state.question }],
      documents: evidence.map((e, i) => ({ id: String(i + 1), text: e.text })),
    };
  }
  const marker = `DATA-${randomBytes(6).toString('hex')}`;
  const rule = fenceAsData([], marker).text;
  const documents = evidence.map((e, i) => {
    const id = String(i + 1);
    const fenced = fenceAsData([{ id, text: e.text, title: describeSource(e) }], marker).text;
    return { id, text: fenced.slice(rule.length + 2) };
  });
  const history: ChatMessage[] = state.history.flatMap((t) => [
    { role: 'user' as const, content: t.question },
    { role: 'assistant' as const, content: stripMarkers(t.answer).slice(0, HISTORY_ANSWER_CHARS) },
  ]);
  return {
    messages: [
      { role: 'system', content: withSummary(`${ANSWER_INSTRUCTIONS}\n\n${rule}`, state.summary) },
      ...history,
      { role: 'user', content: state.question },
    ],
    documents,
    maxTokens: ANSWER_MAX_TOKENS,
    temperature: 0,
  };
}
