import { CanActivate, ExecutionContext, Injectable, OnModuleInit } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  DEFAULT_IPV6_SUBNET_PREFIX,
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  normalizeIp,
  ThrottlerException,
  type Resolvable,
  type ThrottlerGenerateKeyFunction,
  type ThrottlerGetTrackerFunction,
  type ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
  type ThrottlerOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { MemoryThrottlerStorage, windowRecord } from './memory-throttler.storage';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** A named throttler that counts only on some routes, decided once per route (e.g. `@AuthThrottle()` ones). */
export interface RouteScopedThrottlerOptions extends ThrottlerOptions {
  appliesTo?: (handler: object, classRef: object) => boolean;
}

// The metadata keys @nestjs/throttler's @SkipThrottle() and @Throttle() write, suffixed with the throttler name.
const SKIP = 'THROTTLER:SKIP';
const LIMIT = 'THROTTLER:LIMIT';
const TTL = 'THROTTLER:TTL';
const BLOCK_DURATION = 'THROTTLER:BLOCK_DURATION';
const TRACKER = 'THROTTLER:TRACKER';
const KEY_GENERATOR = 'THROTTLER:KEY_GENERATOR';

/** One throttler as it applies to one route, with everything that does not depend on the request worked out. */
interface RouteThrottler {
  name: string;
  skipIf?: (context: ExecutionContext) => boolean;
  limit: Resolvable<number>;
  ttl: Resolvable<number>;
  blockDuration?: Resolvable<number>;
  getTracker?: ThrottlerGetTrackerFunction;
  generateKey?: ThrottlerGenerateKeyFunction;
  /** `<throttler>:<Controller>.<handler>:`; the tracker (IP, user, API key) completes the key. */
  keyPrefix: string;
  ignoreUserAgents?: RegExp[];
  setHeaders: boolean;
  headers: { limit: string; remaining: string; reset: string; retryAfter: string };
}

type CommonOptions = Exclude<ThrottlerModuleOptions, ThrottlerOptions[]>;
type Handler = ReturnType<ExecutionContext['getHandler']>;
type ControllerClass = ReturnType<ExecutionContext['getClass']>;

/**
 * The rate-limit guard, driven by @nestjs/throttler's module options, storage and decorators
 * (`@SkipThrottle()`, `@Throttle()`), counting per throttler, route and tracker like the stock guard.
 * What applies to a route (skipped throttlers dropped, overrides applied, header names and key prefix
 * built) is worked out on its first request and cached, so a request does no metadata lookups; with
 * the in-memory store it is counted synchronously, one Map operation and no promise. Counted responses
 * carry `X-RateLimit-*`; a refused one gets 429 with `Retry-After` whichever throttler refused it.
 */
@Injectable()
export class AppThrottlerGuard implements CanActivate, OnModuleInit {
  private throttlers: RouteScopedThrottlerOptions[] = [];
  private common: Partial<CommonOptions> = {};
  private readonly routes = new WeakMap<object, WeakMap<object, RouteThrottler[]>>();

  constructor(
    @InjectThrottlerOptions() private readonly options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() private readonly storage: ThrottlerStorage,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    const list = Array.isArray(this.options) ? this.options : this.options.throttlers;
    this.common = Array.isArray(this.options) ? {} : this.options;
    // The stock order: shortest window first, computed windows last.
    this.throttlers = [...list].sort((a, b) =>
      typeof a.ttl === 'function' ? 1 : typeof b.ttl === 'function' ? -1 : a.ttl - b.ttl,
    );
  }

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const plan = this.planFor(context);
    for (let i = 0; i < plan.length; i++) {
      const pending = this.count(plan[i], context);
      if (pending !== undefined) return this.countRest(pending, plan, i + 1, context);
    }
    return true;
  }

  /** Throttlers run one after another, as in the stock guard: a refusal stops the ones after it. */
  private async countRest(
    pending: Promise<void>,
    plan: RouteThrottler[],
    from: number,
    context: ExecutionContext,
  ): Promise<boolean> {
    await pending;
    for (let i = from; i < plan.length; i++) await this.count(plan[i], context);
    return true;
  }

  /** Counts the request against one throttler; returns a promise only when it has to wait (Redis, async options). */
  private count(t: RouteThrottler, context: ExecutionContext): Promise<void> | undefined {
    if (t.skipIf?.(context)) return undefined;
    const http = context.switchToHttp();
    const req = http.getRequest<FastifyRequest>();
    if (t.ignoreUserAgents) {
      const agent = req.headers?.['user-agent'] ?? '';
      if (t.ignoreUserAgents.some((pattern) => pattern.test(agent))) return undefined;
    }
    const res = http.getResponse<FastifyReply>();
    const tracker = t.getTracker
      ? t.getTracker(req, context)
      : normalizeIp(req.ip, this.common.ipv6SubnetPrefix ?? DEFAULT_IPV6_SUBNET_PREFIX);
    const storage = this.storage;
    if (
      !(storage instanceof MemoryThrottlerStorage) ||
      typeof tracker !== 'string' ||
      typeof t.limit !== 'number' ||
      typeof t.ttl !== 'number' ||
      (t.blockDuration !== undefined && typeof t.blockDuration !== 'number') ||
      t.generateKey
    ) {
      return this.countAsync(t, context, res, tracker);
    }
    const now = Date.now();
    const w = storage.hit(t.keyPrefix + tracker, t.ttl, t.limit, t.blockDuration ?? t.ttl, now);
    if (w.blockedUntil > now) {
      return this.refuse(t, context, res, windowRecord(w, now), { limit: t.limit, ttl: t.ttl, tracker });
    }
    if (t.setHeaders && canSetHeaders(res)) {
      void res
        .header(t.headers.limit, t.limit)
        .header(t.headers.remaining, Math.max(0, t.limit - w.hits))
        .header(t.headers.reset, Math.max(1, Math.ceil((w.resetAt - now) / 1000)));
    }
    return undefined;
  }

  private async countAsync(
    t: RouteThrottler,
    context: ExecutionContext,
    res: FastifyReply,
    trackerOrPromise: string | Promise<string>,
  ): Promise<void> {
    const tracker = await trackerOrPromise;
    const limit = await resolveNumber(context, t.limit, 'limit', t.name);
    const ttl = await resolveNumber(context, t.ttl, 'ttl', t.name);
    const blockDuration =
      t.blockDuration === undefined ? ttl : await resolveNumber(context, t.blockDuration, 'blockDuration', t.name);
    const key = t.generateKey ? t.generateKey(context, tracker, t.name) : t.keyPrefix + tracker;
    const record = await this.storage.increment(key, ttl, limit, blockDuration, t.name);
    if (record.isBlocked) return this.refuse(t, context, res, record, { limit, ttl, tracker, key });
    if (t.setHeaders && canSetHeaders(res)) {
      void res
        .header(t.headers.limit, limit)
        .header(t.headers.remaining, Math.max(0, limit - record.totalHits))
        .header(t.headers.reset, record.timeToExpire);
    }
  }

  private async refuse(
    t: RouteThrottler,
    context: ExecutionContext,
    res: FastifyReply,
    record: ThrottlerStorageRecord,
    detail: { limit: number; ttl: number; tracker: string; key?: string },
  ): Promise<void> {
    const retryAfter = Math.max(1, record.timeToBlockExpire);
    if (canSetHeaders(res)) {
      if (t.setHeaders) void res.header(t.headers.retryAfter, retryAfter);
      // Clients only understand the plain header, whichever throttler refused the request.
      void res.header('retry-after', retryAfter);
    }
    const limitDetail: ThrottlerLimitDetail = { ...record, ...detail, key: detail.key ?? t.keyPrefix + detail.tracker };
    throw new ThrottlerException(await this.errorMessage(context, limitDetail));
  }

  private async errorMessage(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<string | undefined> {
    const message = this.common.errorMessage;
    return typeof message === 'function' ? message(context, detail) : message;
  }

  private planFor(context: ExecutionContext): RouteThrottler[] {
    const classRef = context.getClass();
    const handler = context.getHandler();
    let byHandler = this.routes.get(classRef);
    if (!byHandler) this.routes.set(classRef, (byHandler = new WeakMap()));
    let plan = byHandler.get(handler);
    if (!plan) byHandler.set(handler, (plan = this.buildPlan(handler, classRef)));
    return plan;
  }

  private buildPlan(handler: Handler, classRef: ControllerClass): RouteThrottler[] {
    const meta = <T>(key: string): T | undefined =>
      this.reflector.getAllAndOverride<T | undefined>(key, [handler, classRef]);
    const plan: RouteThrottler[] = [];
    for (const options of this.throttlers) {
      const name = options.name ?? 'default';
      if (meta<boolean>(SKIP + name)) continue;
      if (options.appliesTo && !options.appliesTo(handler, classRef)) continue;
      const suffix = name === 'default' ? '' : `-${name}`;
      plan.push({
        name,
        skipIf: options.skipIf ?? this.common.skipIf,
        limit: meta<Resolvable<number>>(LIMIT + name) ?? options.limit,
        ttl: meta<Resolvable<number>>(TTL + name) ?? options.ttl,
        blockDuration: meta<Resolvable<number>>(BLOCK_DURATION + name) ?? options.blockDuration,
        getTracker: meta<ThrottlerGetTrackerFunction>(TRACKER + name) ?? options.getTracker ?? this.common.getTracker,
        generateKey:
          meta<ThrottlerGenerateKeyFunction>(KEY_GENERATOR + name) ?? options.generateKey ?? this.common.generateKey,
        keyPrefix: `${name}:${classRef.name}.${handler.name}:`,
        ignoreUserAgents: options.ignoreUserAgents ?? this.common.ignoreUserAgents,
        setHeaders: options.setHeaders ?? this.common.setHeaders ?? true,
        headers: {
          limit: `x-ratelimit-limit${suffix}`,
          remaining: `x-ratelimit-remaining${suffix}`,
          reset: `x-ratelimit-reset${suffix}`,
          retryAfter: `retry-after${suffix}`,
        },
      });
    }
    return plan;
  }
}

/** False outside HTTP (a WebSocket message's "response" is its payload), where the stock guard sets no header either. */
function canSetHeaders(res: FastifyReply): boolean {
  return typeof res?.header === 'function';
}

async function resolveNumber(
  context: ExecutionContext,
  value: Resolvable<number>,
  option: string,
  throttler: string,
): Promise<number> {
  const resolved: unknown = typeof value === 'function' ? await value(context) : value;
  const number = typeof resolved === 'string' && resolved.trim() !== '' ? Number(resolved) : resolved;
  if (typeof number !== 'number' || Number.isNaN(number)) {
    throw new Error(
      `Invalid "${option}" for the "${throttler}" throttler: expected a number, got ${String(resolved)}.`,
    );
  }
  return number;
}
