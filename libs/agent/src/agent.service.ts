import { Injectable, Logger } from '@nestjs/common';
import {
  AppConfig,
  CoreErrorCode,
  CoreException,
  describeError,
  DomainException,
  serviceUnavailable,
} from '@docqa/core';
import { LlmRouter } from '@docqa/llm-router';
import { SearchService } from '@docqa/retrieval';
import { InjectionDetector } from '@docqa/safety';
import { AgentErrorCode, AgentException } from './agent.errors';
import type { AgentEvent, AskCaller, AskInput, AskOptions, AskOutcome, AskResult } from './agent.types';
import { ConversationsService } from './conversations/conversations.service';
import { buildAgentGraph, type CompiledAgentGraph } from './graph/agent-graph';
import type { AgentRun, AgentSettings } from './graph/agent-run';
import { HostedLlmProbe } from './llm/hosted-llm-probe';
import { LlmSession } from './llm/llm-session';
import { AgentMetrics } from './metrics/agent-metrics';
import { AgentToolProvider } from './tools/agent-tool-provider';

/** Longest question accepted, in characters (the chat DTO says the same). */
export const MAX_QUESTION_CHARS = 4_000;
/** Graph steps one run may take: ten nodes plus the correction loops, with room to spare. */
const RECURSION_LIMIT = 60;

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

/**
 * Answers questions about a workspace's documents with the agent's graph (see `buildAgentGraph`): the one
 * entry point for the chat API (JSON and SSE), the MCP server's `ask` tool and evaluation runs. The caller
 * has checked who asks; every read is scoped to `caller.workspaceId` (and conversations to the caller's
 * user). Events go to `options.onEvent` as they happen; `options.signal` cancels the run and its LLM call.
 */
@Injectable()
export class AgentService {
  private readonly logger = new Logger('Agent');
  private readonly graph: CompiledAgentGraph;
  private readonly settings: AgentSettings;

  constructor(
    config: AppConfig,
    private readonly router: LlmRouter,
    private readonly probe: HostedLlmProbe,
    private readonly metrics: AgentMetrics,
    conversations: ConversationsService,
    search: SearchService,
    injection: InjectionDetector,
    tools: AgentToolProvider,
  ) {
    this.settings = {
      topK: config.agent.topK,
      maxCorrectionLoops: config.agent.maxCorrectionLoops,
      memoryTurns: config.agent.memoryTurns,
    };
    this.graph = buildAgentGraph({ conversations, search, injection, tools, metrics });
  }

  async ask(caller: AskCaller, input: AskInput, options: AskOptions = {}): Promise<AskResult> {
    const question = input.question?.trim() ?? '';
    if (!question || question.length > MAX_QUESTION_CHARS) {
      throw new CoreException(
        CoreErrorCode.ValidationFailed,
        `question must be 1 to ${MAX_QUESTION_CHARS} characters long`,
      );
    }
    const started = performance.now();
    const controller = new AbortController();
    const onAbort = () => controller.abort(options.signal?.reason);
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });
    let emitted = false;
    const emit = (event: AgentEvent) => {
      emitted = true;
      try {
        options.onEvent?.(event);
      } catch (err) {
        this.logger.warn({ err, requestId: caller.requestId }, 'an agent event listener failed');
      }
    };
    let firstTokenAt: number | null = null;

    try {
      const hosted = await this.probe.hostedAvailable(caller.workspaceId, input.chain);
      const llm = new LlmSession(
        this.router,
        {
          workspaceId: caller.workspaceId,
          userId: caller.userId,
          apiKeyId: caller.apiKeyId,
          chain: input.chain,
          signal: controller.signal,
          requestId: caller.requestId,
        },
        hosted,
      );
      const run: AgentRun = {
        caller,
        input: { ...input, question },
        persist: options.persist !== false,
        signal: controller.signal,
        settings: this.settings,
        llm,
        emit,
        firstToken: () => {
          if (firstTokenAt !== null) return;
          firstTokenAt = performance.now();
          llm.firstTokenAt = firstTokenAt;
        },
      };
      const state = await this.graph.invoke(
        { question },
        { configurable: { run }, signal: controller.signal, recursionLimit: RECURSION_LIMIT },
      );
      const outcome: AskOutcome = state.outcome ?? 'answered';
      const timings: AskResult['timings'] = {
        totalMs: round(performance.now() - started),
        firstTokenMs: firstTokenAt === null ? null : round(firstTokenAt - started),
        llmMs: round(llm.llmMs),
        llmFirstTokenMs: round(llm.llmMsBeforeFirstToken),
      };
      emit({ type: 'done', conversationId: state.conversationId, messageId: state.messageId, outcome, timings });
      this.metrics.run(outcome);
      return {
        answer: state.answer,
        citations: state.citations,
        sources: state.sources,
        conversationId: state.conversationId,
        messageId: state.messageId,
        outcome,
        rewrittenQuery: state.standalone || question,
        contexts: state.evidence.map((e) => ({ chunkId: e.chunkId, documentId: e.documentId, text: e.text })),
        verification: state.verification,
        loops: state.loops,
        usage: llm.usage,
        timings,
      };
    } catch (err) {
      const cancelled = controller.signal.aborted;
      this.metrics.run(cancelled ? 'cancelled' : 'error');
      // PostgreSQL or Redis out of reach is SERVICE_UNAVAILABLE here too, so a streamed `error` event names
      // the code the JSON answer's status does.
      const failure = cancelled
        ? new AgentException(AgentErrorCode.Cancelled, 'the run was cancelled', { cause: err })
        : (serviceUnavailable(err) ?? err);
      const { status, message } = describeError(failure);
      if (status >= 500 && !(failure instanceof DomainException)) {
        this.logger.error(
          { err: failure, requestId: caller.requestId, workspaceId: caller.workspaceId },
          'agent run failed',
        );
      } else if (emitted && failure instanceof CoreException && failure.code === CoreErrorCode.ServiceUnavailable) {
        // A stream already under way ends with the error event, past the exception filter that would log it.
        this.logger.warn(
          { requestId: caller.requestId, workspaceId: caller.workspaceId },
          `agent run stopped: ${message}`,
        );
      }
      if (emitted) {
        const code = failure instanceof DomainException ? failure.code : 'INTERNAL_ERROR';
        emit({ type: 'error', code, message });
      }
      throw failure;
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
    }
  }
}
