import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import type Redis from 'ioredis';
import { AppConfig } from '../config';
import { REDIS } from '../redis';
import { RedisThrottlerStorage } from './redis-throttler.storage';

/**
 * The global rate limit: per client IP, limits from config, stored in Redis when configured (so every
 * api instance counts together) and in memory otherwise. Over the limit: 429 with Retry-After.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [AppConfig, REDIS],
      useFactory: (config: AppConfig, redis: Redis | null) => ({
        throttlers: [{ name: 'default', ttl: config.throttle.ttlMs, limit: config.throttle.limit }],
        storage: redis && config.redis ? new RedisThrottlerStorage(redis, config.redis.keyPrefix) : undefined,
      }),
    }),
  ],
  providers: [{ provide: APP_GUARD, useClass: ThrottlerGuard }],
})
export class ThrottlingModule {}
