import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { EventBus, EventHandler } from './event-bus';
import { LocalFanout } from './local-fanout';

/**
 * Redis pub/sub. Publishing uses the shared client; subscribing needs a connection of its own (a
 * subscribed connection can do nothing else), opened on the first subscription. Each process subscribes
 * to a Redis channel once, however many local handlers it has.
 */
export class RedisEventBus extends EventBus {
  private readonly logger = new Logger('EventBus');
  private readonly fanout = new LocalFanout();
  private subscriber: Redis | null = null;

  constructor(
    private readonly publisher: Redis,
    private readonly prefix: string,
  ) {
    super();
  }

  async publish(channel: string, message: unknown): Promise<void> {
    try {
      await this.publisher.publish(this.key(channel), JSON.stringify(message));
    } catch (err) {
      this.logger.debug(`event on ${channel} not published: ${(err as Error).message}`);
    }
  }

  async subscribe(channel: string, handler: EventHandler): Promise<() => void> {
    const key = this.key(channel);
    if (this.fanout.add(key, handler)) await this.connection().subscribe(key);
    return () => {
      if (this.fanout.remove(key, handler)) void this.subscriber?.unsubscribe(key).catch(() => undefined);
    };
  }

  async close(): Promise<void> {
    const sub = this.subscriber;
    this.subscriber = null;
    if (sub) await sub.quit().catch(() => sub.disconnect());
  }

  private key(channel: string): string {
    return `${this.prefix}:events:${channel}`;
  }

  private connection(): Redis {
    if (this.subscriber) return this.subscriber;
    // Unlike the shared client, this one queues commands while (re)connecting: ioredis re-subscribes
    // after a reconnect, and a subscription made during a blip should not fail.
    const sub = this.publisher.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null });
    sub.on('error', (err: Error) => this.logger.warn(`redis subscriber: ${err.message}`));
    sub.on('message', (channel: string, raw: string) => {
      try {
        this.fanout.deliver(channel, JSON.parse(raw) as unknown);
      } catch {
        this.logger.warn(`malformed event on ${channel}`);
      }
    });
    this.subscriber = sub;
    return sub;
  }
}
