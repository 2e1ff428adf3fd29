import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import type Redis from 'ioredis';
import { AppConfig } from '../config';
import { REDIS } from '../redis';
import { EventBus } from './event-bus';
import { MemoryEventBus } from './memory-event-bus';
import { RedisEventBus } from './redis-event-bus';

@Injectable()
class EventBusLifecycle implements OnApplicationShutdown {
  constructor(@Inject(EventBus) private readonly bus: EventBus) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.bus instanceof RedisEventBus) await this.bus.close();
  }
}

/** Binds `EventBus` to Redis pub/sub when REDIS_URL is set, to the in-memory bus otherwise. */
@Global()
@Module({
  providers: [
    {
      provide: EventBus,
      inject: [AppConfig, REDIS],
      useFactory: (config: AppConfig, redis: Redis | null) =>
        redis && config.redis ? new RedisEventBus(redis, config.redis.keyPrefix) : new MemoryEventBus(),
    },
    EventBusLifecycle,
  ],
  exports: [EventBus],
})
export class EventsModule {}
