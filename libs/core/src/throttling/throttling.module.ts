import { ExecutionContext, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import type Redis from 'ioredis';
import { AppConfig } from '../config';
import { REDIS } from '../redis';
import { AppThrottlerGuard } from './app-throttler.guard';
import { AUTH_THROTTLE_KEY, AUTH_THROTTLER } from './auth-throttle.decorator';
import { RedisThrottlerStorage } from './redis-throttler.storage';

function isAuthThrottled(context: ExecutionContext): boolean {
  return (
    Reflect.getMetadata(AUTH_THROTTLE_KEY, context.getHandler()) === true ||
    Reflect.getMetadata(AUTH_THROTTLE_KEY, context.getClass()) === true
  );
}

/**
 * The global rate limit: per client IP, limits from config, stored in Redis when configured (so every
 * api instance counts together) and in memory otherwise. Over the limit: 429 with Retry-After. Routes
 * marked `@AuthThrottle()` also count against the much stricter AUTH_THROTTLE_* limit.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [AppConfig, REDIS],
      useFactory: (config: AppConfig, redis: Redis | null) => ({
        throttlers: [
          { name: 'default', ttl: config.throttle.ttlMs, limit: config.throttle.limit },
          {
            name: AUTH_THROTTLER,
            ttl: config.auth.throttle.ttlMs,
            limit: config.auth.throttle.limit,
            skipIf: (context) => !isAuthThrottled(context),
          },
        ],
        storage: redis && config.redis ? new RedisThrottlerStorage(redis, config.redis.keyPrefix) : undefined,
      }),
    }),
  ],
  providers: [{ provide: APP_GUARD, useClass: AppThrottlerGuard }],
})
export class ThrottlingModule {}
