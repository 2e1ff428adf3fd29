/**
 * Fakes of the graph's collaborators for its unit tests (no database, no HTTP): a router answering by a
 * script or extractively like the offline answerer, a search over passages in memory, conversations in
 * memory, scriptable tools. Not used outside tests.
 */
import type { ChatRequest, ChatResult, ChatStreamEvent, LlmCallContext, LlmRouter, ToolCall } from '@docqa/llm-router';
import { NO_ANSWER_IN_CONTEXT, NO_CONTEXT_GIVEN } from '@docqa/llm-router';
import type { SearchRequest, SearchResponse, SearchResult } from '@docqa/retrieval';
import type { AgentEvent, AskCaller, AskInput } from '../../agent.types';
import type { ConversationMemory, MemoryTurn } from '../../conversations/conversation-memory';
import { ConversationStore, type TurnRecord } from '../../conversations/conversation-store';
import { LlmSession } from '../../llm/llm-session';
import { lexicalRelevance } from '../../text/relevance';
import { AgentTool, AgentToolProvider, AgentToolResult } from '../../tools/agent-tool-provider';
import { buildAgentGraph, type AgentGraphDeps } from '../agent-graph';
import type { AgentRun, AgentSettings } from '../agent-run';
import type { AgentStateValue } from '../agent-state';

export interface FakeReply {
  text?: string;
  toolCalls?: ToolCall[];
  /** Serve it as this provider (default `fake`; `offline` imitates a fallback). */
  provider?: string;
}

export type Responder = (request: ChatRequest, call: number) => FakeReply;

function lastUser(request: ChatRequest): string {
  for (let i = request.messages.length - 1; i >= 0; i--) {
    const m = request.messages[i];
    if (m.role === 'user') return m.content;
  }
  return '';
}

/** Answers like the offline answerer: sentences of the documents covering the question, each with `[id]`. */
export const extractive: Responder = (request) => {
  const documents = request.documents ?? [];
  if (!documents.length) return { text: NO_CONTEXT_GIVEN };
  const sentences = documents.flatMap((d) =>
    d.text
      .split(/(?<=[.!?])\s+|\n+/)
      .filter((s) => s.trim().length > 2)
      .map((s) => ({ id: d.id, text: s.trim() })),
  );
  const scores = lexicalRelevance(
    lastUser(request),
    sentences.map((s) => s.text),
  );
  const picked = sentences.filter((_, i) => scores[i] >= 0.5).slice(0, 3);
  return { text: picked.length ? picked.map((s) => `${s.text} [${s.id}]`).join(' ') : NO_ANSWER_IN_CONTEXT };
};

/** A stand-in for `LlmRouter`: streams each reply in pieces of a few characters, honouring the signal. */
export class FakeRouter {
  readonly requests: ChatRequest[] = [];
  readonly contexts: LlmCallContext[] = [];

  constructor(public responder: Responder = extractive) {}

  asRouter(): LlmRouter {
    return this as unknown as LlmRouter;
  }

  async chat(request: ChatRequest, context: LlmCallContext): Promise<ChatResult> {
    for await (const event of this.stream(request, context)) if (event.type === 'done') return event.result;
    throw new Error('no result');
  }

  async *stream(request: ChatRequest, context: LlmCallContext): AsyncGenerator<ChatStreamEvent> {
    this.requests.push(request);
    this.contexts.push(context);
    const reply = this.responder(request, this.requests.length);
    const text = reply.text ?? '';
    const provider = (reply.provider ?? 'openai') as ChatResult['provider'];
    context.signal?.throwIfAborted();
    yield { type: 'start', provider, model: 'fake', keySource: 'none', attempts: [] };
    for (const piece of text.match(/[\s\S]{1,5}/g) ?? []) {
      await Promise.resolve();
      context.signal?.throwIfAborted();
      yield { type: 'text', delta: piece };
    }
    let json: unknown;
    if (request.responseFormat && request.responseFormat.type !== 'text') {
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
    }
    yield {
      type: 'done',
      result: {
        provider,
        model: 'fake',
        keySource: 'none',
        text,
        toolCalls: reply.toolCalls ?? [],
        ...(json !== undefined ? { json } : {}),
        citations: [],
        finishReason: reply.toolCalls?.length ? 'tool_calls' : 'stop',
        usage: { inputTokens: 10, outputTokens: 5, estimated: false },
        costUsd: 0.001,
        priced: true,
        latencyMs: 1,
        timeToFirstTokenMs: 1,
        attempts: [],
        budget: { monthlyUsd: null, spentUsd: 0, state: 'none' },
      },
    };
  }
}

export interface Passage {
  chunkId: string;
  documentId: string;
  text: string;
  parentId?: string;
  parentText?: string;
  page?: number;
  /** Last page of a passage across pages. */
  unitEnd?: number;
}

/** Search over passages in memory, ranked by lexical relevance; records every request. */
export class FakeSearch {
  readonly requests: SearchRequest[] = [];

  constructor(public passages: Passage[]) {}

  searchWorkspace(_workspaceId: string, request: SearchRequest): Promise<SearchResponse> {
    this.requests.push(request);
    const scores = lexicalRelevance(
      request.query,
      this.passages.map((p) => p.text),
    );
    const ranked = this.passages
      .map((p, i) => ({ p, score: scores[i] }))
      .filter((r) => r.score > 0)
      .sort((a, b) => b.score - a.score)
      .slice(0, request.topK ?? 10);
    const results = ranked.map(({ p, score }, i): SearchResult => ({
      chunkId: p.chunkId,
      rank: i + 1,
      score,
      text: p.text,
      documentId: p.documentId,
      document: { id: p.documentId, title: null, filename: `${p.documentId}.md`, type: 'markdown' },
      collectionId: 'c',
      chunkIndex: i,
      ...(p.page !== undefined ? { page: p.page } : {}),
      ...(p.unitEnd !== undefined ? { unitEnd: p.unitEnd } : {}),
      headingPath: [],
      charStart: 0,
      charEnd: p.text.length,
      highlights: [],
      parentId: p.parentId ?? `parent-${p.chunkId}`,
    }));
    const parents = ranked
      .filter(({ p }) => p.parentText)
      .map(({ p }, i) => ({
        id: p.parentId ?? `parent-${p.chunkId}`,
        documentId: p.documentId,
        text: p.parentText!,
        charStart: 0,
        charEnd: p.parentText!.length,
        headingPath: [],
        chunkIds: ranked
          .filter((r) => (r.p.parentId ?? `parent-${r.p.chunkId}`) === (p.parentId ?? `parent-${p.chunkId}`))
          .map((r) => r.p.chunkId),
        rank: i + 1,
      }));
    return Promise.resolve({
      query: request.query,
      mode: 'hybrid',
      results,
      ...(request.expandParents ? { parents } : {}),
      rerank: { provider: 'none', outcome: 'not_configured' },
      cached: false,
      plan: {},
      timings: { embedMs: 0, vectorMs: 0, keywordMs: 0, fusionMs: 0, rerankMs: 0, totalMs: 0 },
    });
  }
}

/** Injection checks: a question matching `blocked` is blocked; chunks are all kept. */
export class FakeInjection {
  constructor(private readonly blocked = /ignore (?:all )?previous instructions/i) {}

  checkQuestion(_w: string, question: string) {
    const hit = this.blocked.test(question);
    return Promise.resolve({
      score: hit ? 1 : 0,
      hits: [],
      action: hit ? ('block' as const) : ('none' as const),
      zeroWidth: 0,
    });
  }

  screenChunks<T extends { id: string; text: string }>(_w: string, chunks: readonly T[]) {
    return Promise.resolve({
      kept: chunks.map((chunk) => ({ chunk, score: 0, patterns: [], action: 'none' as const, rankFactor: 1 })),
      blocked: [],
    });
  }
}

/** Conversations in memory. */
export class MemoryConversations extends ConversationStore {
  readonly conversations = new Map<string, { owner: string; turns: (MemoryTurn & TurnRecord)[] }>();
  private next = 0;

  memoryFor(caller: AskCaller, id: string, turns: number): Promise<ConversationMemory> {
    const c = this.conversations.get(id);
    if (!c || c.owner !== caller.workspaceId) return Promise.reject(new Error('conversation not found'));
    return Promise.resolve({
      conversationId: id,
      summary: '',
      turns: c.turns
        .slice(-turns)
        .map((t) => ({ question: t.question, answer: t.answer, rewrittenQuery: t.rewrittenQuery })),
      turnCount: c.turns.length,
    });
  }

  recordTurn(
    caller: AskCaller,
    id: string | null,
    turn: TurnRecord,
    _keep: number,
  ): Promise<{ conversationId: string; messageId: string }> {
    const conversationId = id ?? `conversation-${++this.next}`;
    const c = this.conversations.get(conversationId) ?? { owner: caller.workspaceId, turns: [] };
    c.turns.push({ ...turn, rewrittenQuery: turn.rewrittenQuery });
    this.conversations.set(conversationId, c);
    return Promise.resolve({ conversationId, messageId: `message-${conversationId}-${c.turns.length}` });
  }
}

/** Tools from a list; each call answered by `answer`, recorded. */
export class FakeTools extends AgentToolProvider {
  readonly calls: { name: string; args: Record<string, unknown> }[] = [];

  constructor(
    private readonly tools: AgentTool[] = [],
    private readonly answer: (name: string, args: Record<string, unknown>) => AgentToolResult = () => ({
      content: 'ok',
      isError: false,
      durationMs: 1,
    }),
  ) {
    super();
  }

  listTools(): Promise<AgentTool[]> {
    return Promise.resolve(this.tools);
  }

  callTool(_w: string, name: string, args: Record<string, unknown>): Promise<AgentToolResult> {
    this.calls.push({ name, args });
    return Promise.resolve(this.answer(name, args));
  }
}

export class CountingMetrics {
  readonly counts: Record<string, number> = {};

  node(): void {}

  correction(kind: string): void {
    this.counts[`correction:${kind}`] = (this.counts[`correction:${kind}`] ?? 0) + 1;
  }

  citationsChecked(verdict: string, count: number): void {
    this.counts[`citations:${verdict}`] = (this.counts[`citations:${verdict}`] ?? 0) + count;
  }
}

export interface Harness {
  router: FakeRouter;
  search: FakeSearch;
  conversations: MemoryConversations;
  tools: FakeTools;
  metrics: CountingMetrics;
  ask(
    input: AskInput,
    options?: {
      hosted?: boolean;
      signal?: AbortSignal;
      settings?: Partial<AgentSettings>;
      onEvent?: (event: AgentEvent) => void;
    },
  ): Promise<{
    state: AgentStateValue;
    events: AgentEvent[];
  }>;
}

export const WORKSPACE = '00000000-0000-4000-8000-000000000001';

export function harness(
  options: { passages?: Passage[]; tools?: FakeTools; router?: FakeRouter; search?: FakeSearch } = {},
): Harness {
  const router = options.router ?? new FakeRouter();
  const search = options.search ?? new FakeSearch(options.passages ?? []);
  const conversations = new MemoryConversations();
  const tools = options.tools ?? new FakeTools();
  const metrics = new CountingMetrics();
  const deps: AgentGraphDeps = { conversations, search, injection: new FakeInjection(), tools, metrics };
  const graph = buildAgentGraph(deps);
  return {
    router,
    search,
    conversations,
    tools,
    metrics,
    async ask(input, opts = {}) {
      const events: AgentEvent[] = [];
      const signal = opts.signal ?? new AbortController().signal;
      const caller = { workspaceId: WORKSPACE, userId: 'user' };
      const llm = new LlmSession(router.asRouter(), { workspaceId: WORKSPACE, signal }, opts.hosted ?? false);
      const run: AgentRun = {
        caller,
        input,
        persist: true,
        signal,
        settings: { topK: 4, maxCorrectionLoops: 1, memoryTurns: 6, ...opts.settings },
        llm,
        emit: (e) => {
          events.push(e);
          opts.onEvent?.(e);
        },
        firstToken: () => {
          llm.firstTokenAt ??= performance.now();
        },
      };
      const state = await graph.invoke({ question: input.question }, { configurable: { run }, signal });
      return { state, events };
    },
  };
}
