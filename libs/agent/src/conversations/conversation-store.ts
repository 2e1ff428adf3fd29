import type {
  AnswerCitation,
  AnswerSource,
  AskCaller,
  AskOutcome,
  AskUsage,
  VerificationSummary,
} from '../agent.types';
import type { ConversationMemory } from './conversation-memory';

/** One finished turn, as finalize records it. */
export interface TurnRecord {
  question: string;
  answer: string;
  outcome: AskOutcome;
  rewrittenQuery: string | null;
  sources: AnswerSource[];
  citations: AnswerCitation[];
  verification: VerificationSummary | null;
  usage: AskUsage | null;
}

/** What the agent's graph needs of conversations (the service implements it; node tests fake it). */
export abstract class ConversationStore {
  /** The conversation's memory; throws CONVERSATION_NOT_FOUND (404) when it is not the caller's. */
  abstract memoryFor(caller: AskCaller, conversationId: string, turns: number): Promise<ConversationMemory>;

  /**
   * Records a question and its answer, in a new conversation when `conversationId` is null, and folds turns
   * older than the last `turns` into the rolling summary.
   */
  abstract recordTurn(
    caller: AskCaller,
    conversationId: string | null,
    turn: TurnRecord,
    turns: number,
  ): Promise<{ conversationId: string; messageId: string }>;
}
