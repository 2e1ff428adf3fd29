import { Controller, Get } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { SkipThrottle, Throttle, ThrottlerException, type ThrottlerModuleOptions } from '@nestjs/throttler';
import { AppThrottlerGuard, type RouteScopedThrottlerOptions } from './app-throttler.guard';
import { AUTH_THROTTLE_KEY, AuthThrottle } from './auth-throttle.decorator';
import { MemoryThrottlerStorage } from './memory-throttler.storage';

@Controller()
class Routes {
  @Get('plain')
  plain(): void {}

  @Get('other')
  other(): void {}

  @SkipThrottle()
  @Get('skipped')
  skipped(): void {}

  @Throttle({ default: { limit: 1, ttl: 60_000 } })
  @Get('strict')
  strict(): void {}

  @AuthThrottle()
  @Get('login')
  login(): void {}
}

class Reply {
  readonly headers: Record<string, unknown> = {};
  header(name: string, value: unknown): this {
    this.headers[name.toLowerCase()] = value;
    return this;
  }
}

const onlyMarked = (handler: object, classRef: object) =>
  Reflect.getMetadata(AUTH_THROTTLE_KEY, handler) === true || Reflect.getMetadata(AUTH_THROTTLE_KEY, classRef) === true;

function guardWith(throttlers: RouteScopedThrottlerOptions[]): AppThrottlerGuard {
  const options: ThrottlerModuleOptions = { throttlers };
  const guard = new AppThrottlerGuard(options, new MemoryThrottlerStorage(), new Reflector());
  guard.onModuleInit();
  return guard;
}

/** Runs the guard for one request to `route` from `ip`; resolves to the reply headers or rejects like the guard. */
async function request(guard: AppThrottlerGuard, route: keyof Routes, ip = '10.0.0.1'): Promise<Reply['headers']> {
  const reply = new Reply();
  const context = new ExecutionContextHost([{ ip, headers: {} }, reply], Routes, Routes.prototype[route]);
  context.setType('http');
  try {
    expect(await guard.canActivate(context)).toBe(true);
  } catch (err) {
    Object.assign(err as object, { headers: reply.headers });
    throw err;
  }
  return reply.headers;
}

describe('AppThrottlerGuard', () => {
  it('counts per route and client IP, with X-RateLimit headers, and refuses past the limit with Retry-After', async () => {
    const guard = guardWith([{ name: 'default', limit: 2, ttl: 30_000 }]);
    expect(await request(guard, 'plain')).toEqual({
      'x-ratelimit-limit': 2,
      'x-ratelimit-remaining': 1,
      'x-ratelimit-reset': 30,
    });
    expect((await request(guard, 'plain'))['x-ratelimit-remaining']).toBe(0);
    const refused = await request(guard, 'plain').catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(ThrottlerException);
    expect((refused as { headers: Record<string, unknown> }).headers['retry-after']).toBe(30);
    // Another client, another route: their own budgets.
    expect((await request(guard, 'plain', '10.0.0.2'))['x-ratelimit-remaining']).toBe(1);
    expect((await request(guard, 'other'))['x-ratelimit-remaining']).toBe(1);
  });

  it('honours @SkipThrottle() and @Throttle() overrides, and limits marked routes only with a scoped throttler', async () => {
    const guard = guardWith([
      { name: 'default', limit: 100, ttl: 30_000 },
      { name: 'auth', limit: 1, ttl: 60_000, appliesTo: onlyMarked },
    ]);
    for (let i = 0; i < 3; i++) expect(await request(guard, 'skipped')).toEqual({});
    expect(await request(guard, 'strict')).toMatchObject({ 'x-ratelimit-limit': 1, 'x-ratelimit-reset': 60 });
    await expect(request(guard, 'strict')).rejects.toBeInstanceOf(ThrottlerException);
    expect(await request(guard, 'plain')).not.toHaveProperty('x-ratelimit-limit-auth');
    expect(await request(guard, 'login')).toMatchObject({
      'x-ratelimit-limit-auth': 1,
      'x-ratelimit-remaining-auth': 0,
    });
    const refused = await request(guard, 'login').catch((err: unknown) => err as { headers: Record<string, unknown> });
    expect(refused.headers).toMatchObject({ 'retry-after': 60, 'retry-after-auth': 60 });
  });

  it('skips a throttler whose skipIf says so and uses its tracker', async () => {
    const guard = guardWith([
      { name: 'default', limit: 1, ttl: 30_000, skipIf: () => true },
      { name: 'principal', limit: 1, ttl: 30_000, getTracker: () => 'user:1' },
    ]);
    expect(await request(guard, 'plain', '10.0.0.1')).toEqual({
      'x-ratelimit-limit-principal': 1,
      'x-ratelimit-remaining-principal': 0,
      'x-ratelimit-reset-principal': 30,
    });
    // Same principal from another IP: the same budget.
    await expect(request(guard, 'plain', '10.0.0.9')).rejects.toBeInstanceOf(ThrottlerException);
  });

  it('waits for storages and options that answer asynchronously', async () => {
    const options: ThrottlerModuleOptions = { throttlers: [{ name: 'default', limit: async () => 1, ttl: 30_000 }] };
    const storage = new MemoryThrottlerStorage();
    const guard = new AppThrottlerGuard(options, storage, new Reflector());
    guard.onModuleInit();
    expect(await request(guard, 'plain')).toMatchObject({ 'x-ratelimit-limit': 1, 'x-ratelimit-remaining': 0 });
    await expect(request(guard, 'plain')).rejects.toBeInstanceOf(ThrottlerException);
  });
});
