import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type Redis from 'ioredis';
import { AppConfig, REDIS } from '@docqa/core';
import { AuthErrorCode, AuthException } from '../auth.errors';
import { BackoffPolicy, BackoffStore } from './backoff.store';
import { MemoryBackoffStore } from './memory-backoff.store';
import { RedisBackoffStore } from './redis-backoff.store';

function tooManyAttempts(ms: number): AuthException {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  return new AuthException(AuthErrorCode.TooManyAttempts, `too many failed sign-in attempts: retry in ${seconds} s`, {
    headers: { 'Retry-After': String(seconds) },
  });
}

/** Keys carry no email address: the account part is a hash of it. */
function accountKey(email: string): string {
  return `account:${createHash('sha256').update(email.toLowerCase()).digest('hex').slice(0, 32)}`;
}

/**
 * Exponential lockout after failed password checks, per account and per client IP, so guessing is slow
 * whichever of the two an attacker varies. While locked, even the right password gets 429 with
 * Retry-After. Shared through Redis when configured, per process otherwise.
 */
@Injectable()
export class LoginBackoffService {
  private readonly store: BackoffStore;
  private readonly account: BackoffPolicy;
  private readonly ip: BackoffPolicy;

  constructor(config: AppConfig, @Inject(REDIS) redis: Redis | null) {
    this.store =
      redis && config.redis ? new RedisBackoffStore(redis, config.redis.keyPrefix) : new MemoryBackoffStore();
    const { accountThreshold, ipThreshold, baseMs, maxMs } = config.auth.loginBackoff;
    this.account = { threshold: accountThreshold, baseMs, maxMs };
    this.ip = { threshold: ipThreshold, baseMs, maxMs };
  }

  /** Throws 429 when the account or the IP is locked. */
  async assertAllowed(email: string, ip: string): Promise<void> {
    const [byAccount, byIp] = await Promise.all([
      this.store.lockedFor(accountKey(email)),
      this.store.lockedFor(`ip:${ip}`),
    ]);
    const ms = Math.max(byAccount, byIp);
    if (ms > 0) throw tooManyAttempts(ms);
  }

  /** Counts a failure; returns the lock it started in ms (0 when none), for the audit trail. */
  async recordFailure(email: string, ip: string): Promise<number> {
    const [byAccount, byIp] = await Promise.all([
      this.store.recordFailure(accountKey(email), this.account),
      this.store.recordFailure(`ip:${ip}`, this.ip),
    ]);
    return Math.max(byAccount, byIp);
  }

  /** A successful sign-in clears the account's counter (not the IP's: one good account must not unlock guessing). */
  async recordSuccess(email: string): Promise<void> {
    await this.store.reset(accountKey(email));
  }
}
