export { RedisThrottlerStorage } from './redis-throttler.storage';
export { MemoryThrottlerStorage } from './memory-throttler.storage';
export { ThrottlingModule } from './throttling.module';
export { AppThrottlerGuard } from './app-throttler.guard';
export { AUTH_THROTTLE_KEY, AUTH_THROTTLER, AuthThrottle } from './auth-throttle.decorator';
export { PrincipalThrottlerGuard } from './principal-throttler.guard';
export { rateLimitSubjectOf, setRateLimitSubject } from './rate-limit-subject';
export { PRINCIPAL_THROTTLER } from './throttling.module';
