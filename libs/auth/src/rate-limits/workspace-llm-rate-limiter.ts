import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { AppConfig, REDIS } from '@docqa/core';
import { AuthErrorCode, AuthException } from '../auth.errors';
import type { LlmCallWindow, LlmCallWindowResult } from './llm-call-window';
import { MemoryLlmCallWindow } from './memory-llm-call-window';
import { RedisLlmCallWindow } from './redis-llm-call-window';
import { WorkspaceLlmLimitsService } from './workspace-llm-limits.service';

const WINDOW_MS = 60_000;

/** A workspace's LLM budget after a counted call. */
export interface LlmRateLimitState {
  /** Calls the workspace may start per minute. */
  limit: number;
  /** Calls it may still start now. */
  remaining: number;
  /** Seconds until the oldest call in the window leaves it (and `remaining` grows). */
  resetSeconds: number;
}

function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

/** The `X-RateLimit-*` headers describing a workspace's LLM budget. */
export function llmRateLimitHeaders(state: LlmRateLimitState): Record<string, string> {
  return {
    'X-RateLimit-Limit': String(state.limit),
    'X-RateLimit-Remaining': String(state.remaining),
    'X-RateLimit-Reset': String(state.resetSeconds),
  };
}

function llmRateLimited(limit: number, result: LlmCallWindowResult): AuthException {
  const retryAfter = seconds(result.retryAfterMs);
  const headers = llmRateLimitHeaders({ limit, remaining: 0, resetSeconds: seconds(result.resetMs) });
  return new AuthException(
    AuthErrorCode.LlmRateLimited,
    `this workspace may start ${limit} LLM calls per minute: retry in ${retryAfter} s`,
    { headers: { 'Retry-After': String(retryAfter), ...headers } },
  );
}

/**
 * The per-workspace limit on LLM calls: every call to a provider first takes a slot here. A sliding window
 * of 60 s, in Redis when configured (every api and worker instance shares the count, on Redis's clock),
 * in memory otherwise.
 */
@Injectable()
export class WorkspaceLlmRateLimiter {
  private readonly window: LlmCallWindow;

  constructor(
    config: AppConfig,
    @Inject(REDIS) redis: Redis | null,
    private readonly limits: WorkspaceLlmLimitsService,
  ) {
    this.window =
      redis && config.redis
        ? new RedisLlmCallWindow(redis, config.redis.keyPrefix, WINDOW_MS)
        : new MemoryLlmCallWindow(WINDOW_MS);
  }

  /**
   * Counts one LLM call for the workspace. Over its limit: AuthException `LlmRateLimited` (429 with
   * Retry-After and X-RateLimit-*), and nothing is counted. An unknown workspace: `WorkspaceNotFound`.
   */
  async acquire(workspaceId: string): Promise<LlmRateLimitState> {
    const limit = await this.limits.effectiveLimit(workspaceId);
    const result = await this.window.take(workspaceId.toLowerCase(), limit);
    if (!result.allowed) throw llmRateLimited(limit, result);
    return { limit, remaining: Math.max(0, limit - result.count), resetSeconds: seconds(result.resetMs) };
  }
}
