import type { ChatRequest, ChatResult, LlmCallContext, LlmRouter } from '@docqa/llm-router';
import type { AskUsage } from '../agent.types';

/** A streamed answer as the agent reads it: text pieces, then the call's result. */
export type SessionStreamEvent =
  | { type: 'text'; delta: string }
  | { type: 'done'; result: ChatResult }
  | { type: 'error'; code: string; message: string; partialText: string };

/**
 * A run's way to the LLM router: every call carries the run's caller, chain and abort signal, its usage is
 * added up and its time counted (before the first answer token separately, for the latency figures).
 * Personal data is not masked here: the router masks every text it sends to a provider outside the process by
 * the workspace's PII policy and restores the originals in what comes back (the text, streamed or whole,
 * tool-call arguments, JSON answers), so the tools the agent calls get the values the user typed.
 */
export class LlmSession {
  readonly usage: AskUsage = { inputTokens: 0, outputTokens: 0, costUsd: 0, llmCalls: 0, models: [] };
  /** Wall time spent in LLM calls. */
  llmMs = 0;
  /** Set by the agent when the first answer token went out; LLM time before it is the LLM's share of TTFT. */
  firstTokenAt: number | null = null;
  llmMsBeforeFirstToken = 0;

  constructor(
    private readonly router: LlmRouter,
    private readonly context: LlmCallContext,
    /** A hosted model may serve the run's calls (see HostedLlmProbe). */
    readonly hosted: boolean,
  ) {}

  /** The whole answer; throws what the router throws. */
  async chat(request: ChatRequest): Promise<ChatResult> {
    const started = performance.now();
    try {
      const result = await this.router.chat(request, this.context);
      this.account(result);
      return result;
    } finally {
      this.addTime(started, performance.now());
    }
  }

  /**
   * A helping call (rewriting, grading, routing): the hosted model's answer, or undefined when it could not
   * give one (every hosted provider failed and the offline answerer served, the budget or rate limit refused
   * it...), and the agent's deterministic rules take over. Cancellation is thrown.
   */
  async assist(request: ChatRequest): Promise<ChatResult | undefined> {
    if (!this.hosted) return undefined;
    try {
      const result = await this.chat(request);
      return result.provider === 'offline' ? undefined : result;
    } catch (err) {
      if (this.context.signal?.aborted) throw err;
      return undefined;
    }
  }

  /** The answer as it streams. `onFirstText` is called when the first piece arrives (before it is yielded). */
  async *stream(request: ChatRequest): AsyncGenerator<SessionStreamEvent> {
    const started = performance.now();
    let firstTextAt: number | null = null;
    try {
      for await (const event of this.router.stream(request, this.context)) {
        if (event.type === 'text') {
          firstTextAt ??= performance.now();
          if (event.delta) yield { type: 'text', delta: event.delta };
        } else if (event.type === 'done') {
          this.account(event.result);
          yield { type: 'done', result: event.result };
        } else if (event.type === 'error') {
          this.addUsage(event.provider, event.model, event.usage.inputTokens, event.usage.outputTokens, event.costUsd);
          yield {
            type: 'error',
            code: event.error.code,
            message: event.error.message,
            partialText: event.partialText,
          };
        }
      }
    } finally {
      const ended = performance.now();
      this.llmMs += ended - started;
      // Only the wait for the first piece counts against time to first token: what the agent does with the
      // pieces afterwards is its own time.
      if (this.firstTokenAt === null || started < this.firstTokenAt) {
        this.llmMsBeforeFirstToken += Math.max(0, (firstTextAt ?? ended) - started);
      }
    }
  }

  private addTime(started: number, ended: number): void {
    this.llmMs += ended - started;
    if (this.firstTokenAt === null) this.llmMsBeforeFirstToken += ended - started;
  }

  private account(result: ChatResult): void {
    this.addUsage(result.provider, result.model, result.usage.inputTokens, result.usage.outputTokens, result.costUsd);
  }

  private addUsage(provider: string, model: string, input: number, output: number, cost: number): void {
    const u = this.usage;
    u.inputTokens += input;
    u.outputTokens += output;
    u.costUsd = Math.round((u.costUsd + cost) * 1e8) / 1e8;
    u.llmCalls += 1;
    const name = `${provider}:${model}`;
    if (!u.models.includes(name)) u.models.push(name);
  }
}
