/**
 * The agent's public contract: what `AgentService.ask` takes and returns, and the events it emits while it
 * runs. The chat controller (JSON and SSE), the MCP server's `ask` tool and evaluation runs all go through it.
 */

/** Who asks: the workspace every read is scoped to, and who to attribute usage to. */
export interface AskCaller {
  workspaceId: string;
  userId?: string;
  apiKeyId?: string;
  /** The HTTP request this run serves, for the logs. */
  requestId?: string;
}

export interface AskInput {
  question: string;
  /** Continue this conversation (it must belong to the caller's workspace); a new one is created otherwise. */
  conversationId?: string;
  collectionIds?: string[];
  documentIds?: string[];
  /** Replaces the LLM chain for this run (`provider` or `provider:model` entries). */
  chain?: string[];
}

export interface AskOptions {
  /** Aborts the run and its LLM call (the client went away). */
  signal?: AbortSignal;
  /** Receives every event as it happens (SSE relays them). */
  onEvent?: (event: AgentEvent) => void;
  /** False: nothing is persisted (no conversation, no messages); evaluation runs use this. Default true. */
  persist?: boolean;
}

/** A passage the answer may cite: `n` is the number the answer cites it by (`[n]`). */
export interface AnswerSource {
  n: number;
  chunkId: string;
  documentId: string;
  title: string | null;
  filename: string;
  /** The first page, slide or row the chunk draws on (one of the three, by the document's type). */
  page?: number;
  slide?: number;
  row?: number;
  /** The last page, slide or row the chunk draws on (the first one again when it stays on one). */
  unitEnd?: number;
  sheet?: string;
  headingPath: string[];
  snippet: string;
  /**
   * `document` for retrieved chunks; `tool` for a tool's result (then `chunkId` is the tool call's id,
   * `documentId` is empty and `filename` is the tool's unique name).
   */
  kind: 'document' | 'tool';
  tool?: { server: string; name: string };
}

/** One citation in the final answer, bound to a source that was actually retrieved. */
export interface AnswerCitation {
  n: number;
  chunkId: string;
  documentId: string;
  /** Character range of the cited sentence in `answer`. */
  start: number;
  end: number;
}

export const ASK_OUTCOMES = ['answered', 'unanswerable', 'blocked', 'from_conversation', 'cancelled', 'error'] as const;
export type AskOutcome = (typeof ASK_OUTCOMES)[number];

export interface AskUsage {
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  llmCalls: number;
  /** Providers (`provider:model`) that served the run's LLM calls. */
  models: string[];
}

export interface VerificationSummary {
  /** Sentences kept because the chunks they cite support them. */
  supported: number;
  /** Sentences removed (or regenerated) because nothing they cite supports them. */
  removed: number;
  /** Citations dropped because they pointed at nothing retrieved. */
  invalidCitations: number;
  regenerated: boolean;
}

export interface AskResult {
  answer: string;
  citations: AnswerCitation[];
  sources: AnswerSource[];
  conversationId: string | null;
  messageId: string | null;
  outcome: AskOutcome;
  /** The standalone question the retrieval ran on. */
  rewrittenQuery: string;
  /** Every chunk the generator saw, in the order given to it (evaluation's context metrics read these). */
  contexts: { chunkId: string; documentId: string; text: string }[];
  verification: VerificationSummary;
  /** Correction loops taken (rewrite and retrieve again). */
  loops: number;
  usage: AskUsage;
  timings: {
    totalMs: number;
    firstTokenMs: number | null;
    llmMs: number;
    /** LLM time before the first answer token (helping calls and the answer's own wait): the rest of `firstTokenMs` is the agent's. */
    llmFirstTokenMs?: number;
  };
}

export type AgentNode =
  | 'load_memory'
  | 'guard_input'
  | 'rewrite_query'
  | 'route'
  | 'retrieve'
  | 'grade_evidence'
  | 'call_tools'
  | 'generate'
  | 'verify'
  | 'finalize';

/** What the SSE stream carries, in order: node events interleave with the rest; `done` or `error` ends it. */
export type AgentEvent =
  | { type: 'node_start'; node: AgentNode }
  | { type: 'node_end'; node: AgentNode; durationMs: number }
  | { type: 'rewritten_query'; query: string; queries?: string[] }
  | { type: 'sources'; sources: AnswerSource[] }
  | { type: 'token'; text: string }
  | { type: 'citations'; citations: AnswerCitation[] }
  | { type: 'verification'; result: VerificationSummary; answer: string }
  | { type: 'usage'; usage: AskUsage }
  | {
      type: 'done';
      conversationId: string | null;
      messageId: string | null;
      outcome: AskOutcome;
      /** The run's timings (as in AskResult). */
      timings?: AskResult['timings'];
    }
  | { type: 'error'; code: string; message: string };
