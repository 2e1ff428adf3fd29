import { ExecutionContext, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import type Redis from 'ioredis';
import { AppConfig } from '../config';
import { REDIS } from '../redis';
import { AppThrottlerGuard, type RouteScopedThrottlerOptions } from './app-throttler.guard';
import { AUTH_THROTTLE_KEY, AUTH_THROTTLER } from './auth-throttle.decorator';
import { MemoryThrottlerStorage } from './memory-throttler.storage';
import { rateLimitSubjectOf } from './rate-limit-subject';
import { RedisThrottlerStorage } from './redis-throttler.storage';

export const PRINCIPAL_THROTTLER = 'principal';

function subjectOf(context: ExecutionContext): string | undefined {
  return rateLimitSubjectOf(context.switchToHttp().getRequest<object>());
}

function isAuthThrottled(handler: object, classRef: object): boolean {
  return (
    Reflect.getMetadata(AUTH_THROTTLE_KEY, handler) === true ||
    Reflect.getMetadata(AUTH_THROTTLE_KEY, classRef) === true
  );
}

/**
 * The global rate limits, stored in Redis when configured (so every api instance counts together) and in
 * memory otherwise: THROTTLE_LIMIT per client IP before authentication, PRINCIPAL_THROTTLE_LIMIT per
 * user or API key after it (`PrincipalThrottlerGuard`, registered by the auth module behind its guard).
 * Routes marked `@AuthThrottle()` also count against the much stricter AUTH_THROTTLE_* limit. Over a
 * limit: 429 with Retry-After; X-RateLimit-* headers on every counted response.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [AppConfig, REDIS],
      useFactory: (config: AppConfig, redis: Redis | null) => ({
        throttlers: [
          // Per IP, before authentication; the second pass (after it) finds a subject and skips this one.
          {
            name: 'default',
            ttl: config.throttle.ttlMs,
            limit: config.throttle.limit,
            skipIf: (context) => subjectOf(context) !== undefined,
          },
          // Per user or API key, in the pass after authentication (PrincipalThrottlerGuard).
          {
            name: PRINCIPAL_THROTTLER,
            ttl: config.throttle.ttlMs,
            limit: config.throttle.principalLimit,
            skipIf: (context) => subjectOf(context) === undefined,
            getTracker: (request: Record<string, unknown>) => rateLimitSubjectOf(request) ?? '',
          },
          // Per IP, only on routes marked @AuthThrottle() (decided once per route).
          {
            name: AUTH_THROTTLER,
            ttl: config.auth.throttle.ttlMs,
            limit: config.auth.throttle.limit,
            skipIf: (context) => subjectOf(context) !== undefined,
            appliesTo: isAuthThrottled,
          } satisfies RouteScopedThrottlerOptions,
        ],
        storage:
          redis && config.redis
            ? new RedisThrottlerStorage(redis, config.redis.keyPrefix)
            : new MemoryThrottlerStorage(),
      }),
    }),
  ],
  providers: [{ provide: APP_GUARD, useClass: AppThrottlerGuard }],
})
export class ThrottlingModule {}
