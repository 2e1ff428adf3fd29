import { SetMetadata } from '@nestjs/common';

/** Name of the strict throttler (AUTH_THROTTLE_*) that only routes marked `@AuthThrottle()` count against. */
export const AUTH_THROTTLER = 'auth';
export const AUTH_THROTTLE_KEY = 'docqa:authThrottle';

/**
 * Adds the strict per-IP limit of AUTH_THROTTLE_LIMIT requests per AUTH_THROTTLE_TTL_SECONDS to a route
 * (login, register), on top of the global one. Each marked route counts separately.
 */
export const AuthThrottle = (): MethodDecorator & ClassDecorator => SetMetadata(AUTH_THROTTLE_KEY, true);
