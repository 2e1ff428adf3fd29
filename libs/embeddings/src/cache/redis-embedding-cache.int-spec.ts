import { Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { createRedisClient } from '@docqa/core';
import { TcpProxy } from '../../../../test/support/tcp-proxy';
import {
  describeWithRedis,
  SERVER_REDIS_URL,
  tempDataDir,
  testConfig,
  uniqueName,
  type TempDir,
} from '../../../../test/support/test-env';
import { writeTinyModel, type TinyModel } from '../../../../test/support/tiny-model';
import { EmbeddingService, type EmbeddingServiceOptions } from '../embedding.service';
import { OFFLINE_EMBEDDER_ID } from '../offline/offline.embedder';
import { RedisEmbeddingCache } from './redis-embedding-cache';

/** A proxy that can stop answering while keeping the connection open: a Redis that hangs. */
class FreezableProxy {
  private server?: Server;
  private frozen = false;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly target: URL) {}

  async start(): Promise<this> {
    this.server = createServer((client) => {
      const upstream = connect(Number(this.target.port || 6379), this.target.hostname);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('error', () => s.destroy());
      }
      client.on('data', (chunk) => {
        if (!this.frozen) upstream.write(chunk);
      });
      upstream.on('data', (chunk) => {
        if (!this.frozen) client.write(chunk);
      });
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
    return this;
  }

  freeze(): void {
    this.frozen = true;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

async function keysUnder(redis: Redis, prefix: string): Promise<string[]> {
  return redis.keys(`${prefix}:emb:*`);
}

async function until(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describeWithRedis('embedding cache in Redis', () => {
  let admin: Redis;
  let tmp: TempDir;
  let tiny: TinyModel;
  let prefix: string;
  const cleanups: Array<() => Promise<unknown>> = [];

  beforeAll(() => {
    admin = createRedisClient(SERVER_REDIS_URL!, 'emb-test-admin');
  });
  afterAll(async () => {
    await admin.quit();
  });

  beforeEach(async () => {
    tmp = await tempDataDir();
    tiny = await writeTinyModel(join(tmp.dir, 'models'));
    prefix = uniqueName('emb');
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
    const keys = await admin.keys(`${prefix}:*`);
    if (keys.length) await admin.del(...keys);
    await tmp.cleanup();
  });

  /** A client as the app has one: connected before any embedding happens. */
  async function client(url = SERVER_REDIS_URL!): Promise<Redis> {
    const redis = createRedisClient(url, 'emb-test');
    redis.on('error', () => undefined);
    cleanups.push(async () => redis.disconnect());
    await until(async () => redis.status === 'ready');
    return redis;
  }

  function service(redis: Redis, redisUrl: string, options: EmbeddingServiceOptions = {}): EmbeddingService {
    const config = testConfig({
      DATA_DIR: tmp.dir,
      EMBEDDING_PROVIDER: 'local',
      EMBEDDING_MODEL: tiny.model,
      EMBEDDING_BATCH_SIZE: '4',
      EMBEDDING_CACHE_TTL_SECONDS: '3600',
      REDIS_URL: redisUrl,
      REDIS_KEY_PREFIX: prefix,
    });
    const s = new EmbeddingService(config, redis, undefined, options);
    cleanups.push(() => s.onModuleDestroy());
    return s;
  }

  it('stores raw float32 values under <prefix>:emb:<sha256> with the TTL, and reads them back', async () => {
    const redis = await client();
    const cache = new RedisEmbeddingCache(redis, { keyPrefix: prefix, ttlSeconds: 120 });
    const v = Float32Array.from([0.6, 0.8, 0, -0]);
    await cache.setMany([['k1', v]]);
    const raw = await admin.getBuffer(`${prefix}:emb:k1`);
    expect(raw?.byteLength).toBe(16);
    expect(await admin.ttl(`${prefix}:emb:k1`)).toBeGreaterThan(100);
    expect(await cache.getMany(['k1', 'k2'], 4)).toEqual([v, undefined]);
    // A value of the wrong size (another model's, a corrupted one) is a miss, not a wrong vector.
    expect(await cache.getMany(['k1'], 8)).toEqual([undefined]);
  });

  it('shares embeddings between service instances (api and workers)', async () => {
    const first = service(await client(), SERVER_REDIS_URL!);
    const texts = ['alpha beta', 'gamma delta', 'epsilon'];
    const vectors = await first.embedDocuments(tiny.embedderId, texts);
    expect(await keysUnder(admin, prefix)).toHaveLength(3);

    const second = service(await client(), SERVER_REDIS_URL!);
    const embedder = await second.embedder(tiny.embedderId);
    const calls = jest.spyOn(embedder, 'embedDocuments');
    expect(await second.embedDocuments(tiny.embedderId, texts)).toEqual(vectors);
    expect(calls).not.toHaveBeenCalled();

    await second.embedQuery(tiny.embedderId, 'a query');
    expect(await keysUnder(admin, prefix)).toHaveLength(4);
  });

  it('keeps the offline embedder out of Redis', async () => {
    const s = service(await client(), SERVER_REDIS_URL!);
    await s.embedDocuments(OFFLINE_EMBEDDER_ID, ['one', 'two']);
    await s.embedQuery(OFFLINE_EMBEDDER_ID, 'three');
    expect(await keysUnder(admin, prefix)).toEqual([]);
  });

  it('keeps embedding without cache while Redis is unreachable, warning once, and caches again once it is back', async () => {
    const target = new URL(SERVER_REDIS_URL!);
    const proxy = await new TcpProxy(target.hostname, Number(target.port || 6379)).start();
    cleanups.push(() => proxy.cut());
    const url = proxy.url(SERVER_REDIS_URL!);
    const redis = await client(url);
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    const s = service(redis, url, { redisCache: { retryAfterMs: 100, timeoutMs: 500 } });

    const before = await s.embedDocuments(tiny.embedderId, ['cached one', 'cached two']);
    expect(await keysUnder(admin, prefix)).toHaveLength(2);

    await proxy.cut();
    const during = await s.embedDocuments(tiny.embedderId, ['cached one', 'cached two', 'new while down', 'more']);
    expect(during.slice(0, 2)).toEqual(before);
    expect(during).toHaveLength(4);
    const more = await s.embedDocuments(tiny.embedderId, ['still down']);
    expect(more).toHaveLength(1);
    const warnings = warn.mock.calls.map(([m]) => String(m)).filter((m) => m.includes('embedding cache in Redis'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('embedding without cache');

    await proxy.restore();
    await until(async () => redis.status === 'ready');
    await until(async () => {
      await s.embedDocuments(tiny.embedderId, [`after ${Date.now()}`]);
      return (await keysUnder(admin, prefix)).length > 2;
    });
    expect(log.mock.calls.map(([m]) => String(m))).toContain('embedding cache in Redis answers again');
  });

  it('does not wait for a Redis that stops answering', async () => {
    const proxy = await new FreezableProxy(new URL(SERVER_REDIS_URL!)).start();
    cleanups.push(() => proxy.close());
    const url = `redis://127.0.0.1:${proxy.port}`;
    const redis = await client(url);
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const s = service(redis, url, { redisCache: { retryAfterMs: 60_000, timeoutMs: 300 } });
    await s.embedder(tiny.embedderId);

    proxy.freeze();
    const started = Date.now();
    const vectors = await s.embedDocuments(
      tiny.embedderId,
      Array.from({ length: 9 }, (_, i) => `frozen ${i}`),
    );
    expect(vectors).toHaveLength(9);
    // One timed-out read; the cache then stands aside instead of timing out on every batch's write.
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
