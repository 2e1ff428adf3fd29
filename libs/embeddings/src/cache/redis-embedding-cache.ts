import { Logger } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import type Redis from 'ioredis';
import type { EmbeddingCache } from './embedding-cache';
import { decodeVector, encodeVector } from './vector-codec';

export interface RedisEmbeddingCacheOptions {
  /** Keys are `<keyPrefix>:emb:<sha256>`. */
  keyPrefix: string;
  ttlSeconds: number;
  /** A command slower than this counts as a failure: a cache must never make embedding slower than no cache. */
  timeoutMs?: number;
  /** After a failure the cache stands aside this long, so a dead Redis costs one failed command, not one a batch. */
  retryAfterMs?: number;
  /** Keys per MGET, so one huge document does not make one huge command. */
  readChunk?: number;
  logger?: Pick<Logger, 'warn' | 'log'>;
  /** Every failed command (for a metric); the log only gets the first of an outage. */
  onError?: (err: unknown) => void;
  now?: () => number;
}

/**
 * Embeddings shared by every api and worker instance: binary values with a TTL, read with MGET, written in
 * one pipeline per batch. Every failure (Redis down, slow, restarted) degrades to "no cache": reads answer
 * missing, writes are dropped, one warning is logged per outage, and the cache comes back by itself.
 */
export class RedisEmbeddingCache implements EmbeddingCache {
  readonly kind = 'redis';
  private readonly timeoutMs: number;
  private readonly retryAfterMs: number;
  private readonly readChunk: number;
  private readonly logger: Pick<Logger, 'warn' | 'log'>;
  private readonly now: () => number;
  private standAsideUntil = 0;
  private outage = false;

  constructor(
    private readonly redis: Redis,
    private readonly options: RedisEmbeddingCacheOptions,
  ) {
    this.timeoutMs = options.timeoutMs ?? 1_000;
    this.retryAfterMs = options.retryAfterMs ?? 5_000;
    this.readChunk = options.readChunk ?? 512;
    this.logger = options.logger ?? new Logger('EmbeddingCache');
    this.now = options.now ?? (() => performance.now());
  }

  redisKey(key: string): string {
    return `${this.options.keyPrefix}:emb:${key}`;
  }

  async getMany(keys: string[], dimension: number): Promise<(Float32Array | undefined)[]> {
    const out: (Float32Array | undefined)[] = new Array<Float32Array | undefined>(keys.length).fill(undefined);
    for (let start = 0; start < keys.length; start += this.readChunk) {
      if (!this.available()) break;
      const chunk = keys.slice(start, start + this.readChunk).map((k) => this.redisKey(k));
      try {
        const values = await this.withTimeout(this.redis.mgetBuffer(...chunk));
        values.forEach((value, i) => {
          if (value) out[start + i] = decodeVector(value, dimension);
        });
        this.recovered();
      } catch (err) {
        this.failed(err);
      }
    }
    return out;
  }

  async setMany(entries: ReadonlyArray<readonly [string, Float32Array]>): Promise<void> {
    if (!entries.length || !this.available()) return;
    const pipeline = this.redis.pipeline();
    for (const [key, vector] of entries)
      pipeline.set(this.redisKey(key), encodeVector(vector), 'EX', this.options.ttlSeconds);
    try {
      const results = await this.withTimeout(pipeline.exec());
      const error = results?.find(([err]) => err)?.[0];
      if (error) throw error;
      this.recovered();
    } catch (err) {
      this.failed(err);
    }
  }

  private available(): boolean {
    return this.now() >= this.standAsideUntil;
  }

  private async withTimeout<T>(command: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    // The command may still settle after the timeout: its rejection must not go unhandled.
    command.catch(() => undefined);
    try {
      return await Promise.race([command, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private failed(err: unknown): void {
    this.options.onError?.(err);
    this.standAsideUntil = this.now() + this.retryAfterMs;
    if (this.outage) return;
    this.outage = true;
    const reason = err instanceof Error ? err.message : String(err);
    this.logger.warn(
      `embedding cache in Redis unavailable (${reason}): embedding without cache until it answers again`,
    );
  }

  private recovered(): void {
    if (!this.outage) return;
    this.outage = false;
    this.logger.log('embedding cache in Redis answers again');
  }
}
