import Redis from 'ioredis';
import { SERVER_REDIS_URL, uniqueName } from '../../../../test/support/test-env';
import { EventBus } from './event-bus';
import { MemoryEventBus } from './memory-event-bus';
import { RedisEventBus } from './redis-event-bus';

interface BusPair {
  /** Two handles on one bus: two processes sharing Redis, or one process in embedded mode. */
  publisher: EventBus;
  subscriber: EventBus;
  close(): Promise<void>;
}

const drivers: [string, () => BusPair][] = [
  [
    'memory',
    () => {
      const bus = new MemoryEventBus();
      return { publisher: bus, subscriber: bus, close: () => Promise.resolve() };
    },
  ],
];
if (SERVER_REDIS_URL) {
  drivers.push([
    'redis',
    () => {
      const prefix = uniqueName('bus');
      const a = new Redis(SERVER_REDIS_URL!);
      const b = new Redis(SERVER_REDIS_URL!);
      const publisher = new RedisEventBus(a, prefix);
      const subscriber = new RedisEventBus(b, prefix);
      return {
        publisher,
        subscriber,
        close: async () => {
          await publisher.close();
          await subscriber.close();
          a.disconnect();
          b.disconnect();
        },
      };
    },
  ]);
}

function nextMessages(
  bus: EventBus,
  channel: string,
  count: number,
): Promise<{ messages: unknown[]; stop: () => void }> {
  return new Promise((resolve) => {
    const messages: unknown[] = [];
    let stop: () => void = () => undefined;
    void bus
      .subscribe(channel, (m) => {
        messages.push(m);
        if (messages.length === count) resolve({ messages, stop });
      })
      .then((s) => (stop = s));
  });
}

describe.each(drivers)('EventBus (%s)', (_name, make) => {
  let pair: BusPair;
  beforeEach(() => (pair = make()));
  afterEach(() => pair.close());

  it('delivers messages in order to every subscriber of the channel and to no other channel', async () => {
    const first = nextMessages(pair.subscriber, 'doc:1', 2);
    const second = nextMessages(pair.subscriber, 'doc:1', 2);
    const other: unknown[] = [];
    await pair.subscriber.subscribe('doc:2', (m) => other.push(m));
    await new Promise((r) => setTimeout(r, 50));
    await pair.publisher.publish('doc:1', { percent: 10 });
    await pair.publisher.publish('doc:1', { percent: 20 });
    expect((await first).messages).toEqual([{ percent: 10 }, { percent: 20 }]);
    expect((await second).messages).toEqual([{ percent: 10 }, { percent: 20 }]);
    expect(other).toEqual([]);
  });

  it('stops delivering to a handler once it unsubscribed', async () => {
    const seen: unknown[] = [];
    const stop = await pair.subscriber.subscribe('doc:3', (m) => seen.push(m));
    const kept = nextMessages(pair.subscriber, 'doc:3', 2);
    await new Promise((r) => setTimeout(r, 50));
    await pair.publisher.publish('doc:3', 1);
    await new Promise((r) => setTimeout(r, 100));
    stop();
    await pair.publisher.publish('doc:3', 2);
    await kept;
    expect(seen).toEqual([1]);
  });
});

describe('RedisEventBus publish while Redis is unreachable', () => {
  it('does not throw: a live update is best effort', async () => {
    const dead = new Redis('redis://127.0.0.1:1', {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
    });
    dead.on('error', () => undefined);
    const bus = new RedisEventBus(dead, 'x');
    await expect(bus.publish('c', { a: 1 })).resolves.toBeUndefined();
    dead.disconnect();
  });
});
