import { setTimeout as sleep } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppConfig, type LlmChainStep, type LlmProviderId } from '@docqa/core';
import { AuthErrorCode, AuthException, WorkspaceLlmRateLimiter } from '@docqa/auth';
import { PiiService } from '@docqa/safety';
import type { LlmCallContext } from '../chat/call-context';
import type { ChatRequest, ToolCall } from '../chat/chat-request';
import type {
  AttemptOutcome,
  AttemptRecord,
  BudgetStatus,
  ChatResult,
  ChatStreamEvent,
  Citation,
  FinishReason,
  KeySource,
  TokenUsage,
} from '../chat/chat-result';
import { citationsIn } from '../chat/grounding';
import { parseJsonAnswer } from '../chat/json-output';
import { validateChatRequest } from '../chat/validate-request';
import { LlmRouterErrorCode, LlmRouterException } from '../llm-router.errors';
import { LLM_METRICS, type LlmMetrics } from '../metrics/llm-metrics';
import type { ProviderAdapter, ProviderEvent } from '../providers/provider-adapter';
import { ProviderClients } from '../providers/provider-clients';
import { BudgetService } from '../settings/budget.service';
import { PriceTable } from '../usage/price-table';
import { estimateInputTokens, estimateTokens } from '../usage/token-estimate';
import { UsageRecorder, type UsageRow } from '../usage/usage-recorder';
import type { UsageOutcome } from '../usage/llm-usage.entity';
import { AttemptDeadlines } from './attempt-deadlines';
import { ChainResolver } from './chain-resolver';
import { CredentialResolver } from './credential-resolver';
import { LlmCircuits } from './llm-circuits';
import { OutboundRedaction, type OutputRestorer } from './outbound-redaction';
import { ProviderErrorLog } from './provider-error-log';
import { countsAgainstProvider, isRetryable, retryDelayMs } from './retry-policy';

/** What an attempt that failed before its first token tells the router. */
interface AttemptFailure {
  outcome: AttemptOutcome;
  status?: number;
  retryAfterMs?: number;
  message: string;
}

/** An attempt whose provider has produced its first token: the call is committed to it. */
interface Opened {
  ok: true;
  iterator: AsyncIterator<ProviderEvent>;
  /** Events read up to and including the first token. */
  buffered: ProviderEvent[];
  /** The provider's stream ended while opening (an empty answer). */
  ended: boolean;
  deadlines: AttemptDeadlines;
  startedAt: number;
  ttftMs: number;
}

interface Failed {
  ok: false;
  failure: AttemptFailure;
  latencyMs: number;
}

/** Everything about one call that the final accounting needs. */
interface CallState {
  request: ChatRequest;
  context: LlmCallContext;
  startedAt: Date;
  t0: number;
  attempts: AttemptRecord[];
  providerCalls: number;
  budget: BudgetStatus;
  /** The PII masking of what leaves for external providers, and the restoring of what they answer. */
  outbound: OutboundRedaction;
}

interface Serving {
  provider: LlmProviderId;
  model: string;
  keySource: KeySource;
  adapter: ProviderAdapter;
}

interface Accumulated {
  text: string;
  tools: Map<number, { id: string; name: string; args: string }>;
  inputTokens?: number;
  outputTokens?: number;
  finish?: FinishReason;
  citations?: Citation[];
}

function ms(since: number): number {
  return Math.round(performance.now() - since);
}

/**
 * The one way DocQA calls a language model. A call follows a fallback chain (the request's, the workspace's,
 * LLM_CHAIN, or every configured provider then the offline answerer); each provider is tried with the
 * workspace's own key before the platform's, retried with jittered backoff on retryable failures (honouring
 * Retry-After), skipped while its circuit is open, and abandoned for the next one on any failure before its
 * first token. After the first token the call is committed: a failure then ends the stream with an `error`
 * event. Every call is counted against the workspace's LLM rate limit and monthly budget, and stored with
 * its usage and cost. Personal data is masked by the workspace's safety policy before any text leaves for an
 * external provider, and restored in what the caller sees (see OutboundRedaction).
 */
@Injectable()
export class LlmRouter {
  private readonly logger = new Logger('LlmRouter');
  private readonly prices: PriceTable;

  constructor(
    private readonly config: AppConfig,
    private readonly chains: ChainResolver,
    private readonly credentials: CredentialResolver,
    private readonly clients: ProviderClients,
    private readonly circuits: LlmCircuits,
    private readonly budgets: BudgetService,
    private readonly limiter: WorkspaceLlmRateLimiter,
    private readonly usage: UsageRecorder,
    @Inject(LLM_METRICS) private readonly metrics: LlmMetrics,
    private readonly errors: ProviderErrorLog,
    private readonly pii: PiiService,
  ) {
    this.prices = new PriceTable(config.llm.prices);
  }

  /**
   * The whole answer at once. Throws `LlmRouterException` (no provider, every provider failed, budget,
   * interrupted, cancelled) or the rate limiter's 429 `AuthException`.
   */
  async chat(request: ChatRequest, context: LlmCallContext): Promise<ChatResult> {
    for await (const event of this.run(request, context)) {
      if (event.type === 'done') return event.result;
      if (event.type === 'error') {
        throw new LlmRouterException(event.error.code as LlmRouterErrorCode, event.error.message);
      }
    }
    throw new Error('the LLM stream ended without a result');
  }

  /**
   * The answer as it is generated. Failures before the first token are thrown by the iterator (nothing has
   * been yielded then); after `start`, the stream ends with `done` or `error`. Stopping the iteration early
   * cancels the provider's request and records the call as cancelled.
   */
  stream(request: ChatRequest, context: LlmCallContext): AsyncIterable<ChatStreamEvent> {
    return this.run(request, context);
  }

  /** Writes the usage rows of finished calls now (they are written in batches, shortly after each call). */
  flushUsage(): Promise<void> {
    return this.usage.flush();
  }

  private async *run(request: ChatRequest, context: LlmCallContext): AsyncGenerator<ChatStreamEvent> {
    validateChatRequest(request);
    const startedAt = new Date();
    const t0 = performance.now();
    const chain = await this.chains.resolve(context);
    const budget = await this.admit(context.workspaceId);
    const outbound = new OutboundRedaction(this.pii, context.workspaceId, request);
    const call: CallState = { request, context, startedAt, t0, attempts: [], providerCalls: 0, budget, outbound };
    const explicit = chain.source !== 'default';
    let last: Serving | undefined;
    let lastFailure: AttemptFailure | undefined;

    for (const step of chain.steps) {
      const model = this.chains.modelFor(step);
      if (!model) {
        if (explicit)
          this.skip(call, step, '', 'not_configured', 'no model: name one in the chain or set OPENAI_COMPATIBLE_MODEL');
        continue;
      }
      const resolved = await this.credentials.resolve(context.workspaceId, step.provider);
      if (resolved.status === 'missing') {
        if (explicit)
          this.skip(call, step, model, 'not_configured', 'neither the workspace nor the platform has a key');
        continue;
      }
      if (resolved.status === 'unusable') {
        this.skip(call, step, model, 'key_unusable', resolved.message);
        continue;
      }
      const serving: Serving = {
        provider: step.provider,
        model,
        keySource: resolved.keySource,
        adapter: this.clients.adapterFor(step.provider, resolved.credentials),
      };
      for (let retry = 0; ; retry++) {
        const permit = this.circuits.breakers.tryAcquire(serving.provider, model);
        if (!permit) {
          this.skip(call, step, model, 'circuit_open', 'circuit open: recent calls failed');
          break;
        }
        call.providerCalls += 1;
        last = serving;
        const opened = await this.open(serving, call);
        if (opened.ok) {
          permit.succeed();
          yield* this.relay(serving, opened, call);
          return;
        }
        const { failure, latencyMs } = opened;
        lastFailure = failure;
        call.attempts.push({
          provider: serving.provider,
          model,
          outcome: failure.outcome,
          ...(failure.status ? { status: failure.status } : {}),
          message: failure.message,
          latencyMs,
        });
        this.metrics.attempt(serving.provider, model, failure.outcome, latencyMs / 1000);
        if (failure.outcome !== 'cancelled') {
          this.errors.record({
            provider: serving.provider,
            model,
            outcome: failure.outcome,
            ...(failure.status ? { status: failure.status } : {}),
            message: failure.message,
            workspaceId: context.workspaceId,
            requestId: context.requestId,
          });
        }
        if (failure.outcome === 'cancelled') {
          permit.release();
          this.record(call, serving, 'cancelled', this.estimated(call.request, ''), null);
          throw new LlmRouterException(LlmRouterErrorCode.Cancelled, 'the LLM call was cancelled', {
            attempts: call.attempts,
          });
        }
        if (countsAgainstProvider(failure.outcome)) permit.fail(failure.message);
        else permit.release();
        this.logger.warn(
          { provider: serving.provider, model, outcome: failure.outcome, retry, requestId: context.requestId },
          failure.message,
        );
        if (!isRetryable(failure.outcome) || retry >= this.config.llm.retry.maxRetries) break;
        const delay = retryDelayMs(retry, failure.retryAfterMs, this.config.llm.retry);
        if (delay === null) break;
        try {
          await sleep(delay, undefined, { signal: context.signal });
        } catch {
          this.record(call, serving, 'cancelled', this.estimated(call.request, ''), null);
          throw new LlmRouterException(LlmRouterErrorCode.Cancelled, 'the LLM call was cancelled', {
            attempts: call.attempts,
          });
        }
      }
    }
    if (last) this.record(call, last, 'failed', { inputTokens: 0, outputTokens: 0, estimated: false }, null);
    throw this.exhausted(call, chain.steps, lastFailure);
  }

  /** Budget first (it refuses without counting), then a slot of the workspace's rate limit. */
  private async admit(workspaceId: string): Promise<BudgetStatus> {
    let budget: BudgetStatus;
    try {
      budget = await this.budgets.check(workspaceId);
    } catch (err) {
      if (err instanceof LlmRouterException) this.metrics.attempt('none', 'none', 'budget_exceeded');
      throw err;
    }
    try {
      await this.limiter.acquire(workspaceId);
    } catch (err) {
      if (err instanceof AuthException && err.code === AuthErrorCode.LlmRateLimited) {
        this.metrics.attempt('none', 'none', 'workspace_rate_limited');
      }
      throw err;
    }
    return budget;
  }

  private skip(call: CallState, step: LlmChainStep, model: string, outcome: AttemptOutcome, message: string): void {
    call.attempts.push({ provider: step.provider, model, outcome, message, latencyMs: 0 });
    if (outcome === 'circuit_open') this.metrics.attempt(step.provider, model, outcome);
  }

  /** Starts an attempt and reads it up to its first token, within the connect and first-token deadlines. */
  private async open(serving: Serving, call: CallState): Promise<Opened | Failed> {
    // Masked before the attempt's clock starts; a failure to mask fails the call (nothing is sent).
    const request = await call.outbound.requestFor(serving.provider);
    const deadlines = new AttemptDeadlines(this.config.llm.timeouts, call.context.signal);
    const startedAt = performance.now();
    const events = serving.adapter.stream({
      request,
      model: serving.model,
      signal: deadlines.signal,
      onResponse: () => deadlines.responded(),
    });
    const iterator = events[Symbol.asyncIterator]();
    const buffered: ProviderEvent[] = [];
    try {
      for (;;) {
        const next = await iterator.next();
        // Some SDKs end an aborted stream quietly instead of throwing: an abort is never a finished answer.
        if (next.done && deadlines.signal.aborted) throw deadlines.signal.reason;
        if (next.done || next.value.type === 'text' || next.value.type === 'tool_call_start') {
          if (!next.done) buffered.push(next.value);
          deadlines.firstToken();
          const ttftMs = performance.now() - startedAt;
          return { ok: true, iterator, buffered, ended: !!next.done, deadlines, startedAt, ttftMs };
        }
        buffered.push(next.value);
      }
    } catch (err) {
      const failure = this.failureOf(err, serving, deadlines);
      deadlines.dispose();
      return { ok: false, failure, latencyMs: ms(startedAt) };
    }
  }

  /** Streams a committed attempt to the caller, then accounts for it. */
  private async *relay(serving: Serving, opened: Opened, call: CallState): AsyncGenerator<ChatStreamEvent> {
    const { provider, model } = serving;
    const { iterator, deadlines } = opened;
    const acc: Accumulated = { text: '', tools: new Map() };
    // `acc` keeps what the provider wrote (tokens included); the caller sees the originals.
    const restorer = call.outbound.restorerFor(provider);
    this.metrics.firstToken(provider, model, opened.ttftMs / 1000);
    let failure: AttemptFailure | undefined;
    let finished = false;
    try {
      yield { type: 'start', provider, model, keySource: serving.keySource, attempts: [...call.attempts] };
      for (const event of opened.buffered) {
        const out = restored(this.apply(event, acc), restorer);
        if (out) yield out;
      }
      if (!opened.ended) {
        for (;;) {
          const next = await iterator.next();
          if (next.done && deadlines.signal.aborted) throw deadlines.signal.reason;
          if (next.done) break;
          const out = restored(this.apply(next.value, acc), restorer);
          if (out) yield out;
        }
      }
      finished = true;
    } catch (err) {
      failure = this.failureOf(err, serving, deadlines);
    } finally {
      deadlines.dispose();
      if (!finished && !failure) {
        // The consumer stopped reading: stop the provider too, and account for what was produced.
        deadlines.abort();
        void iterator.return?.()?.catch(() => undefined);
        this.settleInterrupted(serving, opened, call, acc, {
          outcome: 'cancelled',
          message: 'the stream was closed by its consumer',
        });
      }
    }
    const held = restorer.end();
    if (held) yield { type: 'text', delta: held };
    if (failure) {
      yield this.settleInterrupted(serving, opened, call, acc, failure);
      return;
    }
    const toolCalls = [...acc.tools.values()].map((t): ToolCall => ({
      id: t.id,
      name: t.name,
      arguments: restorer.deep(parseArguments(t.args)),
    }));
    const usage = this.usageOf(call.request, acc);
    const cost = this.prices.costOf(provider, model, usage);
    const attemptMs = ms(opened.startedAt);
    call.attempts.push({ provider, model, outcome: 'ok', latencyMs: attemptMs });
    const format = call.request.responseFormat;
    const result: ChatResult = {
      provider,
      model,
      keySource: serving.keySource,
      text: restorer.text(acc.text),
      toolCalls,
      ...(format && format.type !== 'text' ? { json: restorer.deep(parseJsonAnswer(acc.text)) } : {}),
      citations: OutboundRedaction.restoreCitations(
        acc.citations ?? citationsIn(acc.text, call.request.documents),
        restorer,
      ),
      finishReason: acc.finish ?? (toolCalls.length ? 'tool_calls' : 'stop'),
      usage,
      costUsd: cost.usd,
      priced: cost.priced,
      latencyMs: ms(call.t0),
      timeToFirstTokenMs: Math.round(opened.startedAt - call.t0 + opened.ttftMs),
      attempts: call.attempts,
      budget: call.budget,
    };
    this.metrics.attempt(provider, model, 'ok', attemptMs / 1000);
    this.account(call, serving, 'ok', usage, cost, result.timeToFirstTokenMs);
    for (const toolCall of toolCalls) yield { type: 'tool_call', toolCall };
    yield { type: 'done', result };
  }

  /** Accounts for an attempt that failed (or was abandoned) after its first token; the stream's last event. */
  private settleInterrupted(
    serving: Serving,
    opened: Opened,
    call: CallState,
    acc: Accumulated,
    failure: Pick<AttemptFailure, 'outcome' | 'message'>,
  ): ChatStreamEvent {
    const { provider, model } = serving;
    const cancelled = failure.outcome === 'cancelled';
    const outcome: AttemptOutcome = cancelled ? 'cancelled' : 'interrupted';
    const attemptMs = ms(opened.startedAt);
    call.attempts.push({ provider, model, outcome, message: failure.message, latencyMs: attemptMs });
    this.metrics.attempt(provider, model, outcome, attemptMs / 1000);
    if (!cancelled) {
      this.circuits.breakers.recordFailure(provider, model, failure.message);
      this.errors.record({
        provider,
        model,
        outcome,
        message: failure.message,
        workspaceId: call.context.workspaceId,
        requestId: call.context.requestId,
      });
      this.logger.warn(
        { provider, model, requestId: call.context.requestId },
        `stream interrupted: ${failure.message}`,
      );
    }
    const usage = this.usageOf(call.request, acc);
    const cost = this.prices.costOf(provider, model, usage);
    this.account(
      call,
      serving,
      cancelled ? 'cancelled' : 'interrupted',
      usage,
      cost,
      Math.round(opened.startedAt - call.t0 + opened.ttftMs),
    );
    return {
      type: 'error',
      error: {
        code: cancelled ? LlmRouterErrorCode.Cancelled : LlmRouterErrorCode.StreamInterrupted,
        message: cancelled
          ? 'the LLM call was cancelled'
          : `${provider} (${model}) failed after the answer had started: ${failure.message}`,
      },
      provider,
      model,
      usage,
      costUsd: cost.usd,
      partialText: call.outbound.restorerFor(provider).text(acc.text),
    };
  }

  private apply(event: ProviderEvent, acc: Accumulated): ChatStreamEvent | undefined {
    switch (event.type) {
      case 'text':
        acc.text += event.text;
        return { type: 'text', delta: event.text };
      case 'tool_call_start':
        acc.tools.set(event.index, { id: event.id, name: event.name, args: '' });
        return undefined;
      case 'tool_call_delta': {
        const tool = acc.tools.get(event.index);
        if (tool) tool.args += event.arguments;
        return undefined;
      }
      case 'usage':
        if (event.inputTokens !== undefined) acc.inputTokens = event.inputTokens;
        if (event.outputTokens !== undefined) acc.outputTokens = event.outputTokens;
        return undefined;
      case 'finish':
        acc.finish = event.reason;
        return undefined;
      case 'citations':
        acc.citations = event.citations;
        return undefined;
    }
  }

  /** The provider's counts where it reported them, estimates (and `estimated`) where it did not. */
  private usageOf(request: ChatRequest, acc: Accumulated): TokenUsage {
    if (acc.inputTokens !== undefined && acc.outputTokens !== undefined) {
      return { inputTokens: acc.inputTokens, outputTokens: acc.outputTokens, estimated: false };
    }
    const produced = acc.text + [...acc.tools.values()].map((t) => t.name + t.args).join('');
    return {
      inputTokens: acc.inputTokens ?? estimateInputTokens(request),
      outputTokens: acc.outputTokens ?? estimateTokens(produced),
      estimated: true,
    };
  }

  private estimated(request: ChatRequest, produced: string): TokenUsage {
    return { inputTokens: estimateInputTokens(request), outputTokens: estimateTokens(produced), estimated: true };
  }

  private account(
    call: CallState,
    serving: Serving,
    outcome: UsageOutcome,
    usage: TokenUsage,
    cost: { usd: number; priced: boolean },
    ttftMs: number | null,
  ): void {
    this.metrics.usage(serving.provider, serving.model, usage.inputTokens, usage.outputTokens, cost.usd);
    this.budgets.addSpend(call.context.workspaceId, cost.usd);
    this.record(call, serving, outcome, usage, ttftMs, cost);
  }

  private record(
    call: CallState,
    serving: Pick<Serving, 'provider' | 'model' | 'keySource'>,
    outcome: UsageOutcome,
    usage: TokenUsage,
    ttftMs: number | null,
    cost = { usd: 0, priced: this.prices.priceOf(serving.provider, serving.model) !== undefined },
  ): void {
    const row: UsageRow = {
      createdAt: call.startedAt,
      workspaceId: call.context.workspaceId.toLowerCase(),
      userId: call.context.userId ?? null,
      apiKeyId: call.context.apiKeyId ?? null,
      provider: serving.provider,
      model: serving.model,
      keySource: serving.keySource,
      outcome,
      errorCode:
        outcome === 'ok'
          ? null
          : outcome === 'failed'
            ? LlmRouterErrorCode.ProvidersFailed
            : outcome === 'cancelled'
              ? LlmRouterErrorCode.Cancelled
              : LlmRouterErrorCode.StreamInterrupted,
      inputTokens: usage.inputTokens,
      outputTokens: usage.outputTokens,
      tokensEstimated: usage.estimated,
      costUsd: cost.usd,
      priced: cost.priced,
      latencyMs: ms(call.t0),
      timeToFirstTokenMs: ttftMs,
      attempts: call.providerCalls,
      requestId: call.context.requestId ?? null,
    };
    this.usage.record(row);
  }

  private failureOf(err: unknown, serving: Serving, deadlines: AttemptDeadlines): AttemptFailure {
    const timeout = deadlines.timedOut;
    if (timeout) return { outcome: 'timeout', message: `${serving.provider} ${timeout.message}` };
    if (deadlines.cancelled) return { outcome: 'cancelled', message: 'the call was cancelled' };
    const failure = serving.adapter.failure(err);
    return {
      outcome: failure.kind,
      status: failure.status,
      retryAfterMs: failure.retryAfterMs,
      message: failure.message,
    };
  }

  private exhausted(
    call: CallState,
    steps: LlmChainStep[],
    lastFailure: AttemptFailure | undefined,
  ): LlmRouterException {
    const summary = call.attempts.map((a) => `${a.provider}/${a.model || '?'}: ${a.outcome}`).join('; ');
    if (!call.providerCalls) {
      return new LlmRouterException(
        LlmRouterErrorCode.NoProviderAvailable,
        `no LLM provider could take the call (chain: ${this.chains.describe(steps).join(', ')})${summary ? `: ${summary}` : ''}`,
        { attempts: call.attempts },
      );
    }
    const retryAfterMs = lastFailure?.outcome === 'rate_limited' ? lastFailure.retryAfterMs : undefined;
    return new LlmRouterException(LlmRouterErrorCode.ProvidersFailed, `every LLM provider failed: ${summary}`, {
      attempts: call.attempts,
      headers:
        retryAfterMs !== undefined ? { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterMs / 1000))) } : undefined,
    });
  }
}

/** Tool arguments as the model wrote them; `{}` for none, and the raw text kept when they are not JSON. */
function parseArguments(raw: string): Record<string, unknown> {
  if (!raw.trim()) return {};
  try {
    const value: unknown = JSON.parse(raw);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : { value };
  } catch {
    return { _raw: raw };
  }
}

/** A text event as the caller sees it (tokens restored; nothing while a token is still arriving). */
function restored(event: ChatStreamEvent | undefined, restorer: OutputRestorer): ChatStreamEvent | undefined {
  if (event?.type !== 'text') return event;
  const delta = restorer.push(event.delta);
  return delta ? { type: 'text', delta } : undefined;
}
