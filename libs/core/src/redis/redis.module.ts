import { DynamicModule, Global, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '../config';

/** DI token of the shared Redis client; its value is `null` when no REDIS_URL is configured. */
export const REDIS = Symbol('REDIS');
export type RedisClient = Redis;

/**
 * Creates a client for shared state (rate limits, caches, readiness). Commands fail fast while Redis is
 * down instead of queueing, so a request never hangs on it; the client keeps reconnecting in the
 * background and recovers by itself.
 */
export function createRedisClient(url: string, name: string): Redis {
  return new Redis(url, {
    connectionName: name,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
}

@Injectable()
class RedisLifecycle implements OnApplicationShutdown {
  private readonly logger = new Logger('Redis');

  constructor(@Inject(REDIS) private readonly redis: Redis | null) {
    // An unhandled 'error' event would crash the process; a down Redis is reported by readiness instead.
    this.redis?.on('error', (err: Error) => this.logger.warn(`redis: ${err.message}`));
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.redis) return;
    await this.redis.quit().catch(() => this.redis?.disconnect());
  }
}

@Global()
@Module({})
export class RedisModule {
  static forRoot(config: AppConfig, name: string): DynamicModule {
    return {
      module: RedisModule,
      providers: [
        { provide: REDIS, useFactory: () => (config.redis ? createRedisClient(config.redis.url, name) : null) },
        RedisLifecycle,
      ],
      exports: [REDIS],
    };
  }
}
