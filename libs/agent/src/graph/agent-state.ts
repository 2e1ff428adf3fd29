import { Annotation } from '@langchain/langgraph';
import type { AnswerCitation, AnswerSource, AskOutcome, VerificationSummary } from '../agent.types';
import type { MemoryTurn } from '../conversations/conversation-memory';

export type Route = 'retrieve' | 'conversation' | 'tools';

/** A passage the answer may draw on: a retrieved chunk (with its parent section as context) or a tool's result. */
export interface Evidence {
  kind: 'document' | 'tool';
  /** The chunk's id, or the tool call's. */
  chunkId: string;
  documentId: string;
  title: string | null;
  filename: string;
  page?: number;
  slide?: number;
  row?: number;
  /** Last page, slide or row of the passage (search's `unitEnd`). */
  unitEnd?: number;
  sheet?: string;
  headingPath: string[];
  /** The matched passage itself (what the client shows). */
  snippet: string;
  /** What the model reads: the passage's parent section when search found one, else the passage. */
  text: string;
  /** Retrieval's order (1 = best), after injection screening. */
  rank: number;
  /** Grade in [0, 1]; undefined until graded. */
  relevance?: number;
  tool?: { server: string; name: string };
}

/** A tool call the agent decided to make. */
export interface PlannedToolCall {
  id: string;
  /** The tool's unique name (`<server>__<tool>`). */
  name: string;
  arguments: Record<string, unknown>;
  /** For the source: the server's name and the tool's own name. */
  server: string;
  tool: string;
}

const last = <T>(initial: () => T) => Annotation<T>({ reducer: (_prev: T, next: T) => next, default: initial });

/**
 * The graph's state. Every channel keeps the last value written; nodes return only what they change.
 */
export const AgentState = Annotation.Root({
  question: last<string>(() => ''),
  conversationId: last<string | null>(() => null),
  summary: last<string>(() => ''),
  history: last<MemoryTurn[]>(() => []),
  turnCount: last<number>(() => 0),
  blocked: last<boolean>(() => false),
  /** The question made standalone from the conversation: what grading and answering go by. */
  standalone: last<string>(() => ''),
  /** The query the last search ran on (the standalone question, or a correction of it). */
  query: last<string>(() => ''),
  /** Where the answer comes from (set by the route node). */
  path: last<Route>(() => 'retrieve'),
  toolCalls: last<PlannedToolCall[]>(() => []),
  /** What the last search returned (screened, graded once grade_evidence ran). */
  candidates: last<Evidence[]>(() => []),
  /** The passages the answer is generated from, numbered 1..n in this order. */
  evidence: last<Evidence[]>(() => []),
  sufficient: last<boolean>(() => false),
  /** Correction loops taken. */
  loops: last<number>(() => 0),
  /** Grading asked for another search (a correction loop). */
  retry: last<boolean>(() => false),
  /** The generated answer before verification (citation markers already restricted to sources). */
  draft: last<string>(() => ''),
  /** Citations of sources that do not exist, removed from the answer while it streamed. */
  invalidCitations: last<number>(() => 0),
  answer: last<string>(() => ''),
  sources: last<AnswerSource[]>(() => []),
  citations: last<AnswerCitation[]>(() => []),
  verification: last<VerificationSummary>(() => ({
    supported: 0,
    removed: 0,
    invalidCitations: 0,
    regenerated: false,
  })),
  outcome: last<AskOutcome | null>(() => null),
  messageId: last<string | null>(() => null),
});

export type AgentStateValue = typeof AgentState.State;
/** What a node returns: the channels it changes (each replaces the value before). */
export type AgentStateUpdate = Partial<AgentStateValue>;
