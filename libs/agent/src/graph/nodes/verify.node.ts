import type { AnswerCitation, AnswerSource, VerificationSummary } from '../../agent.types';
import type { AgentMetrics } from '../../metrics/agent-metrics';
import { filterMarkers, stripMarkers } from '../../text/citation-markers';
import { splitSentences } from '../../text/sentences';
import { NO_ANSWER_STATEMENT, verifyAnswer, type AnswerVerification } from '../../text/verify-answer';
import type { AgentNodeFn, AgentRun } from '../agent-run';
import type { AgentStateValue } from '../agent-state';
import { answerRequest } from '../answer-request';
import { NOT_IN_DOCUMENTS, REGENERATE_INSTRUCTIONS } from '../prompts';

/** A hosted model's second answer, after the first had unsupported sentences; undefined when it gave none. */
async function regenerate(
  state: AgentStateValue,
  run: AgentRun,
  previous: AnswerVerification,
): Promise<string | undefined> {
  const request = answerRequest(state, run, state.evidence);
  const result = await run.llm.assist({
    ...request,
    messages: [
      ...request.messages,
      { role: 'assistant', content: state.draft },
      {
        role: 'user',
        content: `${REGENERATE_INSTRUCTIONS}\nUnsupported: ${previous.unsupported.map((s) => `"${s}"`).join(' ')}\n\nQuestion: ${state.question}`,
      },
    ],
  });
  return result?.text;
}

function bind(sources: readonly AnswerSource[], verified: AnswerVerification): AnswerCitation[] {
  return verified.citations.map((c) => {
    const source = sources[c.n - 1];
    return { n: c.n, chunkId: source.chunkId, documentId: source.documentId, start: c.start, end: c.end };
  });
}

/**
 * verify: every sentence of the answer checked against the passages it cites (see `verifyAnswer`): a
 * citation of a source that was not retrieved is dropped, an unsupported sentence is removed, or, with a
 * hosted model, the answer is regenerated once and checked again. Citations are bound to the chunks of the
 * sources they name. The result (the final answer, which replaces the streamed tokens) and the citations
 * are sent as events.
 */
export function verifyNode(metrics: Pick<AgentMetrics, 'correction' | 'citationsChecked'>): AgentNodeFn {
  return async (state, run) => {
    let answer: string;
    let citations: AnswerCitation[] = [];
    let outcome = state.outcome;
    const verification: VerificationSummary = {
      supported: 0,
      removed: 0,
      invalidCitations: state.invalidCitations,
      regenerated: false,
    };
    if (state.outcome !== 'answered' || !state.evidence.length) {
      // Fixed answers and answers from the conversation cite nothing: any marker goes.
      const cleaned = filterMarkers(state.draft, () => false);
      answer = cleaned.text.trim();
      verification.invalidCitations += cleaned.dropped;
      if (state.outcome === 'from_conversation') verification.supported = splitSentences(answer).length;
    } else {
      const contexts = state.evidence.map((e) => e.text);
      let verified = verifyAnswer(state.draft, contexts);
      if (verified.removed > 0 && run.llm.hosted) {
        const second = await regenerate(state, run, verified);
        if (second?.trim()) {
          metrics.correction('regenerate');
          verification.regenerated = true;
          verification.removed += verified.removed;
          metrics.citationsChecked('removed', verified.removedCitations);
          const again = verifyAnswer(second, contexts);
          verification.invalidCitations += verified.invalidCitations;
          // The second answer replaces the first only when it supports at least as much.
          if (again.supported >= verified.supported) verified = again;
          else verified = { ...verified, removed: 0, invalidCitations: 0, removedCitations: 0 };
        }
      }
      verification.supported = verified.supported;
      verification.removed += verified.removed;
      verification.invalidCitations += verified.invalidCitations;
      metrics.citationsChecked('verified', verified.verifiedCitations);
      metrics.citationsChecked('removed', verified.removedCitations);
      if (verified.noAnswer) {
        answer = NO_ANSWER_STATEMENT.test(verified.answer) ? stripMarkers(verified.answer).trim() : NOT_IN_DOCUMENTS;
        outcome = 'unanswerable';
      } else {
        answer = verified.answer;
        citations = bind(state.sources, verified);
      }
    }
    metrics.citationsChecked('invalid', verification.invalidCitations);
    run.emit({ type: 'verification', result: verification, answer });
    run.emit({ type: 'citations', citations });
    return { answer, citations, verification, outcome };
  };
}
