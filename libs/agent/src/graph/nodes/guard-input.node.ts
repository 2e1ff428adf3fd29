import type { InjectionDetector } from '@docqa/safety';
import type { AgentNodeFn } from '../agent-run';
import { BLOCKED_ANSWER } from '../prompts';

/**
 * guard_input: the question is scanned for prompt injection under the workspace's safety policy. A hit is
 * logged and counted there; when the policy blocks such questions the run answers that it will not, and ends.
 */
export function guardInputNode(detector: Pick<InjectionDetector, 'checkQuestion'>): AgentNodeFn {
  return async (state, run) => {
    const verdict = await detector.checkQuestion(run.caller.workspaceId, state.question, {
      userId: run.caller.userId,
      requestId: run.caller.requestId,
    });
    if (verdict.action !== 'block') return { blocked: false };
    run.firstToken();
    run.emit({ type: 'token', text: BLOCKED_ANSWER });
    return { blocked: true, answer: BLOCKED_ANSWER, outcome: 'blocked' };
  };
}
