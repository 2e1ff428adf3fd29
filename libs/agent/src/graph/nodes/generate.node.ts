import {
  LlmRouterErrorCode,
  LlmRouterException,
  NO_ANSWER_IN_CONTEXT,
  NO_CONTEXT_GIVEN,
  type ChatRequest,
} from '@docqa/llm-router';
import { answerAboutConversation } from '../../text/conversation-answer';
import { PrefixHold } from '../../text/prefix-hold';
import { StreamCitationFilter } from '../../text/stream-citation-filter';
import { stripMarkers } from '../../text/citation-markers';
import type { AgentNodeFn, AgentRun } from '../agent-run';
import type { AgentStateUpdate, AgentStateValue } from '../agent-state';
import { answerRequest } from '../answer-request';
import { sourcesOf } from '../evidence';
import { CONVERSATION_INSTRUCTIONS, NOT_IN_CONVERSATION, NOT_IN_DOCUMENTS, withSummary } from '../prompts';

/** What the offline answerer says when it finds nothing; the agent says it in its own words instead. */
const OFFLINE_NO_ANSWER = [NO_ANSWER_IN_CONTEXT, NO_CONTEXT_GIVEN];

function emitToken(run: AgentRun, text: string): void {
  if (!text) return;
  run.firstToken();
  run.emit({ type: 'token', text });
}

/**
 * Streams an answer to the client as it is generated, through two filters: citation markers naming a source
 * that does not exist are removed before they leave (`StreamCitationFilter`), and the offline answerer's
 * "no answer" phrase is held back and reported instead of sent. Returns the text that was sent.
 */
async function streamAnswer(
  run: AgentRun,
  request: ChatRequest,
  sourceCount: number,
): Promise<{ text: string; noAnswer: boolean; droppedCitations: number }> {
  const filter = new StreamCitationFilter((n) => n >= 1 && n <= sourceCount);
  const hold = new PrefixHold(OFFLINE_NO_ANSWER);
  let text = '';
  const send = (piece: string) => {
    const out = hold.push(piece);
    text += out;
    emitToken(run, out);
  };
  for await (const event of run.llm.stream(request)) {
    if (event.type === 'text') send(filter.push(event.delta));
    else if (event.type === 'error') {
      throw new LlmRouterException(event.code as LlmRouterErrorCode, event.message);
    }
  }
  send(filter.flush());
  const end = hold.end();
  if (end.rest) {
    text += end.rest;
    emitToken(run, end.rest);
  }
  return { text, noAnswer: end.matched, droppedCitations: filter.dropped };
}

async function answerFromConversation(state: AgentStateValue, run: AgentRun): Promise<AgentStateUpdate> {
  run.emit({ type: 'sources', sources: [] });
  if (!run.llm.hosted) {
    const answer = answerAboutConversation(state.question, state.summary, state.history) ?? NOT_IN_CONVERSATION;
    emitToken(run, answer);
    return { sources: [], evidence: [], draft: answer, outcome: 'from_conversation' };
  }
  const request: ChatRequest = {
    messages: [
      { role: 'system', content: withSummary(CONVERSATION_INSTRUCTIONS, state.summary) },
      ...state.history.flatMap((t) => [
        { role: 'user' as const, content: t.question },
        { role: 'assistant' as const, content: stripMarkers(t.answer) },
      ]),
      { role: 'user', content: state.question },
    ],
    maxTokens: 1_024,
    temperature: 0,
  };
  const { text, noAnswer, droppedCitations } = await streamAnswer(run, request, 0);
  return {
    sources: [],
    evidence: [],
    draft: noAnswer || !text.trim() ? NOT_IN_CONVERSATION : text,
    invalidCitations: droppedCitations,
    outcome: 'from_conversation',
  };
}

/**
 * generate: the answer, streamed as tokens, with the graded passages as numbered sources (`[n]` cites
 * source n). Without evidence it says the documents do not contain the answer, without calling a model; a
 * question about the conversation is answered from it (by the model, or offline from memory). The offline
 * answerer's own "no answer" reply becomes the agent's wording and the `unanswerable` outcome.
 */
export function generateNode(): AgentNodeFn {
  return async (state, run) => {
    if (state.path === 'conversation') return answerFromConversation(state, run);
    const evidence = state.sufficient ? state.evidence : [];
    const sources = sourcesOf(evidence);
    run.emit({ type: 'sources', sources });
    if (!evidence.length) {
      emitToken(run, NOT_IN_DOCUMENTS);
      return { sources, evidence: [], draft: NOT_IN_DOCUMENTS, outcome: 'unanswerable' };
    }
    const { text, noAnswer, droppedCitations } = await streamAnswer(
      run,
      answerRequest(state, run, evidence),
      evidence.length,
    );
    if (noAnswer) {
      emitToken(run, NOT_IN_DOCUMENTS);
      return {
        sources,
        evidence,
        draft: NOT_IN_DOCUMENTS,
        invalidCitations: droppedCitations,
        outcome: 'unanswerable',
      };
    }
    return { sources, evidence, draft: text, invalidCitations: droppedCitations, outcome: 'answered' };
  };
}
